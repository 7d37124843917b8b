"""The pattern map: his behaviours over time, their impact on each child, her protective efforts."""

"""The family layer: what spans every app. The family page composed from each app's section, the
case-file export and import, and the synthetic families. It sits above the apps and below the entry
points (`spotlight.urls`, `spotlight.cli`): see docs/architecture.md."""

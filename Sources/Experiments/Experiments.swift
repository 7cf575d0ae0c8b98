// The Experiments module. See docs/design.md#layout-and-modules.

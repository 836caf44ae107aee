"""Small GUI pieces shared across the panels, split by role.

``colors`` (dimmed text, shades, swatches), ``icons`` (drawn line icons), ``messages`` (the inline
message bar), ``labels`` (secondary text), ``commands`` (running service calls as undo steps),
``dialogs`` (injectable questions), ``views`` (item-view helpers) and ``list_model`` (a base for
list models over a plain list of rows)."""

"""Every user edit of the GUI: one function per edit, one module per noun.

Each function turns the edit into one core service call and runs it through ``run`` — the one
path that puts it on the undo stack (or several, as one step, with ``run.together``) and shows a
refusal through the ``show`` callback it is given. Menus, toolbars, context menus, shortcuts and
drops call these functions; no other GUI module calls a core service to write
(tests/gui/test_operations_guard.py checks it)."""

"""The main window and what it is made of: welcome page, desk, docks, menus, imports."""

"""The GUI of a project on a PostgreSQL team server: opening one (address, password, recent
servers), where it lives and whether its connection is up, and live refresh from its feed."""

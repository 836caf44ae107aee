"""Names vulture (dead-code finder, run by ``make test``) cannot see being used: frameworks call
them, or they declare a schema. Vulture only parses this file. Dead code is deleted, not listed
here; a name goes here only with the reason it is alive."""

# ruff: noqa
from vulture.whitelist_utils import Whitelist

_ = Whitelist()

# Qt calls these overrides (virtual methods) itself.
_.filterAcceptsRow
_.supportedDropActions
_.supportedDragActions
_.minimumSizeHint
_.takeAt
_.expandingDirections
_.hasHeightForWidth
_.heightForWidth
_.contextMenuEvent
_.itemChange
_.updateEditorGeometry
_.hasChildren

# zipfile reads a ZipInfo's compression (and its level) from these attributes when the member
# is written.
_.compress_type
_._compresslevel

# The standard library's HTMLParser calls its handlers.
_.parse_marked_section
_.handle_starttag
_.handle_endtag
_.handle_data

# ReportLab calls these on flowables and doc templates.
_.getSpaceBefore
_.afterFlowable

# Whoosh: field options and the writer hook we override.
_.analyzer
_.scorable
_.vector
_._flush_segment

# openpyxl: cell and sheet properties are written, never read back.
_.alignment
_.freeze_panes
_.rgb

# SQLAlchemy: mapped columns (the schema) and the values written to them; an event listener.
_.modified_by
_.created_by_id
_.deleted_at
_.deleted_by
_.recorded_at
_._begin

# REFI-QDA: a parsed attribute kept with the source's other metadata.
_.modified

# Context-manager and pytest signatures: the parameters are required, not read.
_.exc_type
_.tb
_.qapp
_.password
_.pytestmark
_._user_dirs  # autouse fixtures
_.recorded_fixture  # pytest finds it by its name "recorded" (tests/core/media_out)
_.fake_step  # a fixture that swaps in a migration step (tests/server/test_migrate.py)
_._clipboard_released_before_exit

# A reference that keeps a QObject alive as long as its job.
_.follower

# Unused today; issue 15 item 5 (one drag MIME codec) decides whether it becomes the one.
_.encode_selection

# SQLAlchemy calls this @compiles hook when it writes PostgreSQL DDL (workbench/core/db/models.py).
_._deferrable_on_postgresql

# PyAV reads these encoder settings when the stream is opened (benchmarks, test fixtures).
_.bit_rate
_.pix_fmt

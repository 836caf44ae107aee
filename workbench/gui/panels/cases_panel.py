"""The Cases panel: participants as rows, typed attributes as columns, edited in place."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QGuiApplication, QIcon, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.changes import Changes
from workbench.core.values import AttributeValue, CaseInfo
from workbench.gui.operations import cases
from workbench.gui.operations.run import together
from workbench.gui.panels.case_delegate import CaseValueDelegate
from workbench.gui.panels.case_dialogs import (
    ask_attribute_dialog,
    ask_link_dialog,
    choose_csv_dialog,
)
from workbench.gui.panels.cases_model import NAME, CasesModel
from workbench.gui.panels.sources_model import SORT_ROLE
from workbench.gui.project_session import ProjectSession
from workbench.gui.widgets.autosave import AutosaveField
from workbench.gui.widgets.conflict_bar import ConflictBar
from workbench.gui.widgets.dialogs import ask_text_dialog, confirm_dialog
from workbench.gui.widgets.icons import line_icon, standard_icon
from workbench.gui.widgets.labels import small_label
from workbench.gui.widgets.messages import MessageBar
from workbench.gui.widgets.views import fit_columns, pad_header, paint_placeholder
from workbench.gui.widgets.when_shown import WhenShown
from workbench.gui.window.action_registry import ActionRegistry, ActionSpec, project_writable

_KINDS = frozenset({"cases", "attributes", "sources"})


class _CasesView(QTableView):
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        paint_placeholder(self, "No cases yet: add one, or import a participants table.")


class CasesPanel(QWidget):
    """Cases and their attributes. Questions (``ask_text``, ``ask_attribute``, ``choose_csv``,
    ``ask_link``, ``confirm``) and ``show_error`` are replaceable for tests."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("casesPanel")
        self.session = session
        self.ask_text = ask_text_dialog(self)
        self.confirm = confirm_dialog(self)
        self.ask_attribute = ask_attribute_dialog(self)
        self.ask_link = ask_link_dialog(self)
        self.choose_csv = choose_csv_dialog(self)

        self.model = CasesModel(self)
        self.model.commit = self._commit
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(NAME)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view = _CasesView()
        self.view.setObjectName("casesView")
        self.view.setModel(self.proxy)
        self.delegate = CaseValueDelegate(self.view)
        self.delegate.bind_text = self._autosave_cell
        self.view.setItemDelegate(self.delegate)
        self._setup_view()

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("casesFilter")
        self.filter_edit.setPlaceholderText("Filter cases…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(line_icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.summary = small_label(object_name="casesSummary")
        self.message = MessageBar("casesMessage")
        self.conflict_bar = ConflictBar("casesConflict")
        self.conflict_bar.decided.connect(lambda _mine: self.refresh())
        self.conflict_bar.failed.connect(lambda why: self.show_error(why))
        self.show_error: Callable[[str], None] = self.message.show_error

        self.add_case_button = self._button("casesAddCase", "Case", line_icon("plus"), "Add a case")
        self.add_attribute_button = self._button(
            "casesAddAttribute", "Attribute", line_icon("plus"), "Add a case attribute (a column)"
        )
        self.link_button = self._button(
            "casesLink",
            "Link…",
            standard_icon(QStyle.StandardPixmap.SP_FileLinkIcon),
            "Link the selected case to a source, or to one speaker in it",
        )
        self.import_button = self._button(
            "casesImport",
            "Import CSV…",
            standard_icon(QStyle.StandardPixmap.SP_DialogOpenButton),
            "Import participants from a CSV table: the first column names the cases",
        )
        self.delete_button = self._button(
            "casesDelete",
            "",
            standard_icon(QStyle.StandardPixmap.SP_TrashIcon),
            "Delete the selected cases",
        )
        self._build_layout()
        self._make_actions()

        self.add_case_button.clicked.connect(self.add_case)
        self.add_attribute_button.clicked.connect(self.add_attribute)
        self.link_button.clicked.connect(self.link_source)
        self.import_button.clicked.connect(self.import_csv)
        self.delete_button.clicked.connect(self.delete_selected)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.doubleClicked.connect(self._double_clicked)
        self._catch_up = WhenShown(self, self.refresh)
        session.changed.connect(self._on_changed)
        self.refresh()

    # -- building ---------------------------------------------------------------------------
    @staticmethod
    def _button(name: str, text: str, icon: QIcon, tip: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setText(text)
        button.setIcon(icon)
        button.setToolTip(tip)
        button.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            if text
            else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        return button

    def _setup_view(self) -> None:
        view = self.view
        view.setSortingEnabled(True)
        view.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        view.setAlternatingRowColors(True)
        view.setShowGrid(True)
        view.setGridStyle(Qt.PenStyle.DotLine)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        pad_header(header)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(40)

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(2)
        for button in (self.add_case_button, self.add_attribute_button, self.link_button):
            bar.addWidget(button)
        bar.addWidget(self.import_button)
        bar.addStretch(1)
        bar.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.conflict_bar)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)

    def _make_actions(self) -> None:
        self.registry = ActionRegistry(self, "Cases")
        for name, text, slot, keys in (
            ("casesPaste", "Paste", self.paste, QKeySequence.StandardKey.Paste),
            (
                "casesClear",
                "Clear values",
                self.clear_selected_values,
                (QKeySequence(Qt.Key.Key_Delete), QKeySequence(Qt.Key.Key_Backspace)),
            ),
        ):
            self.registry.add(
                ActionSpec(
                    name,
                    text,
                    slot,
                    keys,
                    enabled_when=project_writable,
                    context=Qt.ShortcutContext.WidgetShortcut,
                    on=self.view,
                )
            )
        self.registry.follow(self.session)

    # -- refreshing -------------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if changes.kinds & _KINDS:
            self._catch_up.request()  # while the dock is hidden: once, when it is shown

    def refresh(self) -> None:
        """Reload cases and attributes; values update in place so editing can go on."""
        project = self.session.project
        columns = self.model.columnCount()
        self.model.set_rows(project.cases.list(), project.cases.attributes("case"))
        if columns != self.model.columnCount():
            fit_columns(self.view, 160)
        cases, attributes = self.model.rowCount(), len(self.model.attributes())
        linked = sum(1 for c in self.model.cases() if c.sources)
        self.summary.setText(
            f"{cases} case{'' if cases == 1 else 's'}  ·  {attributes} "
            f"attribute{'' if attributes == 1 else 's'}  ·  {linked} linked to sources"
        )
        self._update_buttons()

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())

    # -- selection --------------------------------------------------------------------------
    def selected_cases(self) -> list[CaseInfo]:
        rows = sorted({self.proxy.mapToSource(i).row() for i in self.view.selectedIndexes()})
        return [self.model.case(row) for row in rows]

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.selected_cases()
        self.delete_button.setEnabled(bool(chosen))
        self.link_button.setEnabled(len(chosen) == 1)

    def select_case(self, uuid: str, attribute: str | None = None) -> QModelIndex:
        """Make a case (and optionally one of its attribute cells) current; returns its index."""
        row = self.model.row_of(uuid)
        if row < 0:
            return QModelIndex()
        column = self.model.column_of(attribute) if attribute else NAME
        index = self.proxy.mapFromSource(self.model.index(row, max(column, 0)))
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.view.scrollTo(index)
        return index

    def _double_clicked(self, index: QModelIndex) -> None:
        if self.proxy.mapToSource(index).column() == self.model.sources_column:
            self.link_source()

    # -- commands ---------------------------------------------------------------------------
    def _commit(self, case: str, attribute: str | None, value: AttributeValue) -> bool:
        """Called by the model for an inline edit: one command, or a message if refused."""
        name, version = self._shown(case, attribute)
        if attribute is None:
            done = cases.rename(
                self.session,
                case=case,
                name=str(value),
                old=name,
                show=self.show_error,
                shown=version,
            )
        else:
            done = cases.set_value(
                self.session,
                case=case,
                case_name=name,
                attribute=attribute,
                value=value,
                show=self.show_error,
                shown=version,
            )
        if done is not None:
            self.message.hide()
        return done is not None

    def _shown(self, case: str, attribute: str | None) -> tuple[str, int]:
        """The case's name and the version of its name (``attribute`` None) or of that
        attribute's value (0: not set) as this panel shows them."""
        row = self.model.row_of(case)
        if row < 0:
            return "case", 0
        info = self.model.case(row)
        if attribute is None:
            return info.name, info.version
        return info.name, info.attribute_versions.get(attribute, 0)

    def _autosave_cell(
        self, editor: QLineEdit, index: QModelIndex | QPersistentModelIndex
    ) -> AutosaveField:
        """Make a case name or text value save itself as it is typed into the cell."""
        cell = self.proxy.mapToSource(index)
        info = self.model.case(cell.row())
        attr = self.model.attribute(cell.column())
        attribute = attr.name if attr is not None else None

        def save(case: str, text: str, burst: str) -> None:
            name, version = self._shown(case, attribute)
            if attribute is None:
                cases.rename(
                    self.session,
                    case=case,
                    name=text,
                    old=name,
                    burst=burst,
                    show=None,
                    shown=version,
                )
            else:
                cases.set_value(
                    self.session,
                    case=case,
                    case_name=name,
                    attribute=attribute,
                    value=text,
                    burst=burst,
                    show=None,
                    shown=version,
                )
            self.message.hide()

        field = AutosaveField(
            editor,
            save,
            self.session.autosave,
            what=f"{attribute or 'Name'} of case {info.name}",
            show_error=self.show_error,
            normalize=str.strip,
            theirs_key="value" if attribute else "name",
        )
        self.conflict_bar.watch(field)
        value = info.name if attribute is None else info.attributes.get(attribute)
        field.load(info.uuid, "" if value is None else str(value))
        # re-sorting a row whose name is being typed would close its editor: sort afterwards
        self.proxy.setDynamicSortFilter(False)
        editor.destroyed.connect(self._editor_closed)
        return field

    def _editor_closed(self) -> None:
        self.proxy.setDynamicSortFilter(True)

    def paste(self) -> None:
        """Paste the clipboard's text into the current cell (checked by the core like typing)."""
        index = self.proxy.mapToSource(self.view.currentIndex())
        text = QGuiApplication.clipboard().text().strip()
        if not index.isValid() or not text or index.column() == self.model.sources_column:
            return
        self.model.setData(index, text, Qt.ItemDataRole.EditRole)

    def clear_selected_values(self) -> None:
        """Empty the selected attribute cells (one undoable step)."""
        cells = [self.proxy.mapToSource(i) for i in self.view.selectedIndexes()]
        cells = [
            i
            for i in cells
            if (attr := self.model.attribute(i.column())) is not None
            and attr.name in self.model.case(i.row()).attributes
        ]
        if not cells:
            return
        targets = [(self.model.case(i.row()).uuid, self.model.attribute(i.column())) for i in cells]
        text = f"Clear {len(targets)} values"
        with together(self.session, text, self.show_error, count=len(targets)):
            for case, attr in targets:
                if attr is not None:
                    self._commit(case, attr.name, None)

    def add_case(self) -> None:
        name = self.ask_text("Add case", "Name of the new case:", "")
        if not name:
            return
        done = cases.add(self.session, name=name, show=self.show_error)
        if done is not None and done.created:
            self.select_case(done.created[0])

    def add_attribute(self) -> None:
        spec = self.ask_attribute()
        if spec is None:
            return
        done = cases.define_attribute(
            self.session,
            name=spec.name,
            type=spec.type,
            choices=spec.choices,
            show=self.show_error,
        )
        column = self.model.column_of(spec.name)
        if done is not None and column >= 0:
            self.view.scrollTo(self.proxy.index(0, column))

    def import_csv(self) -> None:
        path = self.choose_csv()
        if path is None:
            return
        done = cases.import_csv(self.session, path=path, show=self.show_error)
        if done is not None:
            self.message.show_info(f"Imported {'; '.join(done.messages)}.")

    def link_source(self) -> None:
        chosen = self.selected_cases()
        if len(chosen) != 1:
            self.show_error("Select one case to link it to a source.")
            return
        case = chosen[0]
        answer = self.ask_link(case, self.session.project.sources.list())
        if answer is None:
            return
        cases.link(
            self.session,
            case=case.uuid,
            case_name=case.name,
            source=answer.source,
            speaker=answer.speaker,
            show=self.show_error,
        )

    def delete_selected(self) -> None:
        chosen = self.selected_cases()
        if not chosen:
            return
        names = ", ".join(c.name for c in chosen[:5]) + ("…" if len(chosen) > 5 else "")
        question = (
            f"Delete {'the case' if len(chosen) == 1 else f'{len(chosen)} cases'} {names} with "
            "their attribute values, links and memos?\n\nYou can undo this."
        )
        if not self.confirm("Delete cases" if len(chosen) > 1 else "Delete case", question):
            return
        show = self.show_error
        with together(self.session, f"Delete {len(chosen)} cases", show, count=len(chosen)):
            for case in chosen:
                cases.delete(self.session, case=case.uuid, name=case.name, show=show)

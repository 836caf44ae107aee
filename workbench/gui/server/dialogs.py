"""File → Open from server…: the address fields (or a pasted URL), and the password question
with "Remember" (offered only where an OS keyring exists)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.server.address import DEFAULT_PORT, SSL_MODES, ServerAddress
from workbench.gui.server.passwords import keyring_available
from workbench.gui.widgets.plain_text import PlainLabel, message_box

OPEN_TITLE = "Open from server"
PUBLISH_TITLE = "Publish to server"


class OpenServerDialog(QDialog):
    """The fields of a server address; pasting a ``postgresql://`` URL fills them."""

    def __init__(
        self,
        parent: QWidget | None = None,
        address: ServerAddress | None = None,
        title: str = OPEN_TITLE,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("openServerDialog")
        self.setWindowTitle(title)
        address = address or ServerAddress()
        self.url = QLineEdit()
        self.url.setObjectName("serverUrl")
        self.url.setPlaceholderText("postgresql://you@lab.example.org:5432/study (optional)")
        self.url.textEdited.connect(self._url_edited)
        self.host = QLineEdit(address.host)
        self.host.setObjectName("serverHost")
        self.port = QSpinBox()
        self.port.setObjectName("serverPort")
        self.port.setRange(1, 65535)
        self.port.setValue(address.port or DEFAULT_PORT)
        self.database = QLineEdit(address.database)
        self.database.setObjectName("serverDatabase")
        self.user = QLineEdit(address.user)
        self.user.setObjectName("serverUser")
        self.sslmode = QComboBox()
        self.sslmode.setObjectName("serverSslMode")
        self.sslmode.addItem("Default (prefer)", "")
        for mode in SSL_MODES:
            self.sslmode.addItem(mode, mode)
        self._set_sslmode(address.sslmode)
        self.problem = PlainLabel()
        self.problem.setObjectName("serverProblem")
        self.problem.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow("Paste a URL:", self.url)
        form.addRow("Host:", self.host)
        form.addRow("Port:", self.port)
        form.addRow("Database:", self.database)
        form.addRow("User:", self.user)
        form.addRow("Encryption (sslmode):", self.sslmode)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("serverButtons")
        if title != OPEN_TITLE:  # "Publish to server": the button says what it does
            buttons.button(QDialogButtonBox.StandardButton.Open).setText(title.split()[0])
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def address(self) -> ServerAddress:
        return ServerAddress(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            sslmode=str(self.sslmode.currentData() or ""),
        )

    def accept(self) -> None:
        problem = self.address().problem()
        if problem:  # the dialog stays, saying what is missing
            self.problem.setText(problem)
            return
        super().accept()

    def _url_edited(self, text: str) -> None:
        if not text.strip():
            self.problem.setText("")
            return
        try:
            address = ServerAddress.parse(text)
        except ValueError as exc:
            self.problem.setText(str(exc))
            return
        self.problem.setText("")
        self.host.setText(address.host)
        self.port.setValue(address.port)
        self.database.setText(address.database)
        self.user.setText(address.user)
        self._set_sslmode(address.sslmode)

    def _set_sslmode(self, mode: str) -> None:
        index = self.sslmode.findData(mode)
        if index < 0:  # a mode the list lacks (allow, verify-ca) is kept as given
            self.sslmode.addItem(mode, mode)
            index = self.sslmode.count() - 1
        self.sslmode.setCurrentIndex(index)


@dataclass(frozen=True)
class PasswordAnswer:
    password: str
    remember: bool


class PasswordDialog(QDialog):
    """The server asks for a password: ask it, with "Remember" where a keyring exists."""

    def __init__(self, address: ServerAddress, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverPasswordDialog")
        self.setWindowTitle("Server password")
        text = PlainLabel(f"{reason}\n\nPassword for {address.label}:")
        text.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("Remember it in this computer's keyring")
        self.remember.setObjectName("rememberPassword")
        if not keyring_available():
            self.remember.setEnabled(False)
            self.remember.setText("Remember it (no keyring on this computer: asked each time)")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (text, self.password, self.remember, buttons):
            layout.addWidget(widget)

    def answer(self) -> PasswordAnswer:
        return PasswordAnswer(
            self.password.text(), self.remember.isChecked() and self.remember.isEnabled()
        )


def ask_server_address(
    parent: QWidget, address: ServerAddress | None, title: str
) -> ServerAddress | None:
    dialog = OpenServerDialog(parent, address, title)
    return dialog.address() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_password(parent: QWidget, address: ServerAddress, reason: str) -> PasswordAnswer | None:
    dialog = PasswordDialog(address, reason, parent)
    return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_apply_again(parent: QWidget, message: str) -> bool:
    """Someone changed the row meanwhile (``message`` says who and their value): apply mine
    again over theirs, or keep theirs?"""
    box = message_box(parent, QMessageBox.Icon.Warning, "Changed meanwhile", message)
    box.setObjectName("conflictBox")
    mine = box.addButton("Apply mine again", QMessageBox.ButtonRole.AcceptRole)
    mine.setObjectName("applyMineAgain")
    box.addButton("Keep theirs", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is mine

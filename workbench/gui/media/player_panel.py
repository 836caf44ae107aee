"""The player dock's content: video (when the recording has a picture), play/pause, −5 s/+5 s,
speed, volume and the time; F4 plays or pauses and F5 rewinds, wherever the focus is in the
window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.media.clock import clock
from workbench.gui.media.player import SKIP_MS, SPEEDS, Player
from workbench.gui.widgets.plain_text import PlainLabel
from workbench.gui.window.action_registry import ActionRegistry, ActionSpec, always

EMPTY = "No recording for this source."
HOW = (
    "Import one (File ▸ Import a recording…) or attach one to a transcript (right-click the "
    "source ▸ Attach recording…)."
)


class PlayerPanel(QWidget):
    """Controls for ``player`` (objectName ``mediaPlayer``)."""

    def __init__(self, player: Player, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mediaPlayer")
        self.player = player
        self.video = QVideoWidget()
        self.video.setObjectName("mediaVideo")
        self.video.setMinimumHeight(120)
        self.video.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.video.hide()
        self.notice = PlainLabel(EMPTY)
        self.notice.setObjectName("mediaNotice")
        self.notice.setWordWrap(True)
        self.notice.setContentsMargins(8, 6, 8, 6)
        self.notice.setToolTip(HOW)
        self.registry = ActionRegistry(self, "Player")
        context = Qt.ShortcutContext.WindowShortcut
        self.play_action = self.registry.add(
            ActionSpec(
                "playerPlay",
                "Play or pause the recording",
                player.toggle,
                "F4",
                always,
                QStyle.StandardPixmap.SP_MediaPlay,
                context=context,
            )
        )
        self.back_action = self.registry.add(
            ActionSpec(
                "playerBack",
                "Back 5 seconds",
                lambda: player.skip(-SKIP_MS),
                "F5",
                always,
                QStyle.StandardPixmap.SP_MediaSeekBackward,
                context=context,
            )
        )
        self.forward_action = self.registry.add(
            ActionSpec(
                "playerForward",
                "Forward 5 seconds",
                lambda: player.skip(SKIP_MS),
                None,
                always,
                QStyle.StandardPixmap.SP_MediaSeekForward,
            )
        )
        self.transcribe_action = self.registry.add(
            ActionSpec(
                "playerTranscribe",
                "Transcribe by ear",
                lambda: None,  # the media controller follows its toggled state
                tip="Type the transcript while the recording plays; it saves itself",
                checkable=True,
            )
        )
        self.play_button = self._button(self.play_action, "mediaPlay")
        self.back_button = self._button(self.back_action, "mediaBack")
        self.forward_button = self._button(self.forward_action, "mediaForward")
        self.transcribe_button = self._button(self.transcribe_action, "mediaTranscribe")
        self.transcribe_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.time_label = PlainLabel("0:00 / 0:00")
        self.time_label.setObjectName("mediaTime")
        self.time_label.setMinimumWidth(
            self.time_label.fontMetrics().horizontalAdvance("0:00:00 / 0:00:00 ")
        )
        self.speed = QComboBox()
        self.speed.setObjectName("mediaSpeed")
        self.speed.setToolTip("Playback speed (the voice keeps its pitch)")
        for rate in SPEEDS:
            self.speed.addItem(f"{rate:g}×", rate)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(lambda i: player.set_speed(SPEEDS[i]))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setObjectName("mediaVolume")
        self.volume.setToolTip("Volume")
        self.volume.setRange(0, 100)
        self.volume.setValue(100)
        self.volume.setMinimumWidth(70)
        self.volume.setMaximumWidth(120)
        self.volume.valueChanged.connect(lambda v: player.set_volume(v / 100))
        self.find_button = QPushButton("Find it…")
        self.find_button.setObjectName("mediaFind")
        self.find_button.hide()
        self.span_label = PlainLabel("")
        self.span_label.setObjectName("mediaSelectionTime")
        self.controls = QWidget()  # shown while a recording is loaded
        transport = QHBoxLayout()
        for widget in (self.back_button, self.play_button, self.forward_button):
            transport.addWidget(widget)
        transport.addWidget(self.time_label)
        transport.addStretch(1)
        transport.addWidget(self.speed)
        options = QHBoxLayout()
        options.addWidget(PlainLabel("Volume"))
        options.addWidget(self.volume)
        options.addStretch(1)
        options.addWidget(self.transcribe_button)
        rows = QVBoxLayout(self.controls)
        rows.setContentsMargins(6, 2, 6, 2)
        rows.setSpacing(2)
        rows.addLayout(transport)
        rows.addLayout(options)
        rows.addWidget(self.span_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.video, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.find_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.controls)
        player.set_video_output(self.video)
        player.position_changed.connect(self._show_time)
        player.duration_changed.connect(self._show_time)
        player.playing_changed.connect(self._show_playing)
        player.loaded.connect(self._loaded)
        player.media.hasVideoChanged.connect(self.video.setVisible)
        self._loaded(False)

    def _button(self, action: object, name: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setDefaultAction(action)  # type: ignore[arg-type]
        button.setAutoRaise(True)
        return button

    def _loaded(self, loaded: bool) -> None:
        self.notice.setText(EMPTY)
        self.notice.setVisible(not loaded)
        self.find_button.hide()
        self.controls.setVisible(loaded)
        for action in (self.play_action, self.back_action, self.forward_action):
            action.setEnabled(loaded)
        self.transcribe_action.setEnabled(loaded)
        self.video.setVisible(loaded and self.player.has_video)
        self.show_span("")
        self._show_time()

    def show_notice(self, text: str, *, missing: bool = False) -> None:
        """Say why nothing plays (``missing``: offer to find the recording)."""
        self.notice.setText(text or EMPTY)
        self.notice.setVisible(True)
        self.find_button.setVisible(missing)

    def show_span(self, text: str) -> None:
        self.span_label.setText(text)
        self.span_label.setVisible(bool(text))

    def _show_time(self, _value: int = 0) -> None:
        self.time_label.setText(
            f"{clock(self.player.position())} / {clock(self.player.duration())}"
        )

    def _show_playing(self, playing: bool) -> None:
        icon = (
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        )
        self.play_action.setIcon(self.style().standardIcon(icon))

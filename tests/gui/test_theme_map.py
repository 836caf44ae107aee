"""The theme map on the demo, driven through real mouse events on the view; every edit is
checked in the database after push, undo and redo."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QGraphicsView

from workbench.core.map_layout import overlapping
from workbench.gui.map import ThemeMapPanel
from workbench.gui.map.edge_item import RelationEdge
from workbench.gui.map.map_geometry import tidy_positions
from workbench.gui.map.node_item import NodeItem
from workbench.gui.project_session import ProjectSession

LEFT = Qt.MouseButton.LeftButton
VIDEO = "Communication Methods/Synchronous/Video calls"
SYNC = "Communication Methods/Synchronous"
PRO = "Professional Development"


@pytest.fixture
def panel(session: ProjectSession, qtbot) -> ThemeMapPanel:
    widget = ThemeMapPanel(session)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(20)  # the first view fits the map; the tests start from 100 %
    widget.view.set_zoom(1.0)
    return widget


def uuid(session: ProjectSession, path: str) -> str:
    return session.project.codebook.find(path)


def stored(session: ProjectSession) -> dict[str, tuple[float, float]]:
    return {p.code_uuid: (p.x, p.y) for p in session.project.map.positions()}


def on_screen(panel: ThemeMapPanel, code: str) -> QPoint:
    """Where a node's centre is in the viewport (scrolled into view first)."""
    item = panel.scene.nodes[code]
    panel.view.centerOn(item)
    return panel.view.mapFromScene(item.pos())


def drag(qtbot, panel: ThemeMapPanel, start: QPoint, end: QPoint, steps: int = 6) -> None:
    viewport = panel.view.viewport()
    qtbot.mousePress(viewport, LEFT, pos=start)
    for i in range(1, steps + 1):
        qtbot.mouseMove(viewport, start + (end - start) * (i / steps))
    qtbot.mouseRelease(viewport, LEFT, pos=end)


def clickable(panel: ThemeMapPanel, edge: RelationEdge) -> QPoint:
    """A point of a relation's curve that no node covers, in viewport coordinates."""
    for step in range(10, 91, 5):
        point = edge.path().pointAtPercent(step / 100)
        if panel.scene.items(point)[0] is edge:
            return panel.view.mapFromScene(point)
    raise AssertionError("every point of the relation is covered")


def close(a: QPointF | tuple[float, float], b: QPointF | tuple[float, float]) -> bool:
    ax, ay = (a.x(), a.y()) if isinstance(a, QPointF) else a
    bx, by = (b.x(), b.y()) if isinstance(b, QPointF) else b
    return abs(ax - bx) < 0.01 and abs(ay - by) < 0.01


# -- the map mirrors the codebook ---------------------------------------------------------------
def test_the_demo_as_a_map(panel: ThemeMapPanel, session: ProjectSession) -> None:
    assert panel.findChild(QGraphicsView, "themeMap") is panel.view
    scene = panel.scene
    assert len(scene.nodes) == 69
    assert len(scene.tree_edges) == 64  # every code but the 5 themes hangs on its parent
    video = scene.nodes[uuid(session, VIDEO)]
    assert scene.tree_edges[video.uuid].source.uuid == uuid(session, SYNC)
    node = session.project.codebook.get(video.uuid)
    assert video.node is not None and video.node.color == node.color
    theme = scene.nodes[uuid(session, "Communication Methods")]
    assert theme.radius > scene.nodes[uuid(session, SYNC)].radius > video.radius  # by codings
    assert [panel.filter_combo.itemText(i) for i in range(panel.filter_combo.count())][:2] == [
        "All themes",
        "Communication Methods",
    ]
    assert overlapping(scene.positions(), scene.boxes()) == []  # the default tidy tree
    assert stored(session) == {}  # looking at the map writes nothing
    assert panel.status.text().startswith("69 codes · 0 relations")


def test_edits_elsewhere_appear_on_the_map_at_once(panel, session) -> None:
    video = uuid(session, VIDEO)
    codebook = session.project.codebook
    session.execute("Rename", lambda c: codebook.rename(code=video, name="Video", coder=c))
    assert panel.scene.nodes[video].name == "Video"
    changes = codebook.move(code=video, parent=uuid(session, PRO), coder="Maya Chen")
    session.notify(changes)  # a change made by the core directly, announced to the panels
    assert panel.scene.tree_edges[video].source.uuid == uuid(session, PRO)
    added = session.execute(
        "Add", lambda c: codebook.add(name="Mentor fatigue", parent=uuid(session, SYNC), coder=c)
    ).created[-1]
    assert panel.scene.nodes[added].name == "Mentor fatigue"
    assert panel.scene.tree_edges[added].source.uuid == uuid(session, SYNC)
    session.execute("Delete", lambda c: codebook.delete(code=added, coder=c))
    assert added not in panel.scene.nodes and added not in panel.scene.tree_edges
    session.undo_stack.undo()
    assert added in panel.scene.nodes


def test_selection_follows_the_session_and_goes_back_to_it(panel, session, qtbot) -> None:
    video = uuid(session, VIDEO)
    session.select_codes([video])
    assert panel.scene.nodes[video].isSelected()
    live = uuid(session, "Communication Methods/Synchronous/Live chat")
    qtbot.mouseClick(panel.view.viewport(), LEFT, pos=on_screen(panel, live))
    assert session.current_codes == [live]
    assert not panel.scene.nodes[video].isSelected()


def test_double_click_asks_for_the_coded_segments(panel, session, qtbot) -> None:
    video = uuid(session, VIDEO)
    point = on_screen(panel, video)
    with qtbot.waitSignal(panel.segments_requested) as blocker:
        qtbot.mouseDClick(panel.view.viewport(), LEFT, pos=point)
    assert blocker.args == [video]
    assert session.current_codes == [video]


# -- dragging ------------------------------------------------------------------------------------
def test_a_drag_is_saved_once_and_undone(panel, session, qtbot) -> None:
    video = uuid(session, VIDEO)
    item = panel.scene.nodes[video]
    before = item.pos()
    start = on_screen(panel, video)
    drag(qtbot, panel, start, start + QPoint(0, 150))
    after = item.pos()
    assert after.y() > before.y() + 100
    assert session.undo_stack.count() == 1
    saved = stored(session)
    assert close(saved[video], after)
    assert len(saved) == 69  # the default layout is kept with the first edit
    assert all(close(saved[u], n.pos()) for u, n in panel.scene.nodes.items())
    session.undo_stack.undo()
    assert stored(session) == {}
    assert close(item.pos(), before)
    session.undo_stack.redo()
    assert close(stored(session)[video], after)
    assert close(item.pos(), after)


def test_a_multi_node_drag_is_one_command(panel, session, qtbot) -> None:
    video = uuid(session, VIDEO)
    live = uuid(session, "Communication Methods/Synchronous/Live chat")
    start = on_screen(panel, video)
    qtbot.mouseClick(panel.view.viewport(), LEFT, pos=start)
    live_at = panel.view.mapFromScene(panel.scene.nodes[live].pos())
    qtbot.mouseClick(panel.view.viewport(), LEFT, Qt.KeyboardModifier.ControlModifier, live_at)
    assert set(session.current_codes) == {video, live}
    old = {c: panel.scene.nodes[c].pos() for c in (video, live)}
    drag(qtbot, panel, start, start + QPoint(-90, 0))
    assert session.undo_stack.count() == 1
    saved = stored(session)
    for code in (video, live):
        assert saved[code][0] < old[code].x() - 60
    session.undo_stack.undo()
    assert all(close(panel.scene.nodes[c].pos(), old[c]) for c in (video, live))


def test_drop_onto_a_theme_moves_the_code_there(panel, session, qtbot) -> None:
    video = uuid(session, VIDEO)
    pro = uuid(session, PRO)
    panel.view.set_zoom(0.5)
    target = panel.scene.nodes[pro]
    panel.view.centerOn((panel.scene.nodes[video].pos() + target.pos()) / 2)
    start = panel.view.mapFromScene(panel.scene.nodes[video].pos())
    end = panel.view.mapFromScene(target.pos())
    drag(qtbot, panel, start, end, steps=10)
    assert session.project.codebook.path(video) == f"{PRO}/Video calls"
    assert panel.scene.tree_edges[video].source is target
    assert session.undo_stack.count() == 1  # the move and the placing: one undo step
    node = panel.scene.nodes[video]
    gap = (node.pos() - target.pos()).manhattanLength()
    assert gap > target.radius + node.radius  # it lands beside the theme, not on it
    assert not target.drop_target
    session.undo_stack.undo()
    assert session.project.codebook.path(video) == VIDEO
    assert panel.scene.tree_edges[video].source.uuid == uuid(session, SYNC)
    assert stored(session) == {}
    session.undo_stack.redo()
    assert session.project.codebook.path(video) == f"{PRO}/Video calls"


def test_a_drop_onto_a_concept_only_moves_the_node(panel, session, qtbot) -> None:
    video = uuid(session, VIDEO)
    live = uuid(session, "Communication Methods/Synchronous/Live chat")
    start = on_screen(panel, video)
    end = panel.view.mapFromScene(panel.scene.nodes[live].pos())
    drag(qtbot, panel, start, end)
    assert session.project.codebook.path(video) == VIDEO
    assert session.undo_stack.count() == 1
    assert close(stored(session)[video], panel.scene.nodes[video].pos())


def test_a_refused_drop_snaps_back(panel, session, qtbot) -> None:
    video = uuid(session, VIDEO)
    pro = uuid(session, PRO)
    session.project.codebook.add(name="Video calls", parent=pro, coder="Maya Chen")
    session.notify(session.project.codebook.add(name="Other", parent=pro, coder="Maya Chen"))
    before = panel.scene.nodes[video].pos()
    panel.view.set_zoom(0.5)
    panel.view.centerOn((before + panel.scene.nodes[pro].pos()) / 2)
    start = panel.view.mapFromScene(before)
    drag(qtbot, panel, start, panel.view.mapFromScene(panel.scene.nodes[pro].pos()), steps=10)
    assert "already" in panel.message.message()
    assert session.project.codebook.path(video) == VIDEO
    assert session.undo_stack.count() == 0
    assert close(panel.scene.nodes[video].pos(), before)


# -- themes and relations ------------------------------------------------------------------------
def test_new_theme_on_the_map(panel, session) -> None:
    panel.ask_text = lambda title, prompt: "Emerging ideas"
    panel.new_theme_action.trigger()
    code = uuid(session, "Emerging ideas")
    assert code in panel.scene.nodes
    assert code in stored(session)
    assert panel.filter_combo.findText("Emerging ideas") > 0
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert code not in panel.scene.nodes
    assert stored(session) == {}
    assert panel.filter_combo.findText("Emerging ideas") == -1


def touching(panel: ThemeMapPanel, code: str) -> list[str]:
    """The nodes whose circle or name touch ``code``'s on the map."""

    def extent(item: NodeItem) -> QRectF:
        return item.mapRectToScene(item.shape().boundingRect())

    mine = extent(panel.scene.nodes[code])
    return [
        item.name
        for uuid, item in panel.scene.nodes.items()
        if uuid != code and item.isVisible() and mine.intersects(extent(item))
    ]


def test_a_new_theme_and_dropped_codes_land_in_free_space(panel, session, qtbot) -> None:
    pro = panel.scene.nodes[uuid(session, PRO)]
    panel.ask_text = lambda title, prompt: "A rather long name for an emerging theme"
    first = panel.new_theme(pro.pos())  # asked for right on top of a theme
    assert first is not None and touching(panel, first) == []
    panel.ask_text = lambda title, prompt: "Another emerging theme"
    second = panel.new_theme(pro.pos())
    assert second is not None and touching(panel, second) == []
    # two codes dropped together onto a theme land beside it, apart from each other
    video = uuid(session, VIDEO)
    live = uuid(session, "Communication Methods/Synchronous/Live chat")
    target = panel.scene.nodes[first]
    panel.scene.clearSelection()
    for code in (video, live):
        panel.scene.nodes[code].setSelected(True)
    panel.view.set_zoom(0.5)
    panel.view.centerOn((panel.scene.nodes[video].pos() + target.pos()) / 2)
    start = panel.view.mapFromScene(panel.scene.nodes[video].pos())
    drag(qtbot, panel, start, panel.view.mapFromScene(target.pos()), steps=12)
    assert session.project.codebook.path(video).startswith("A rather long name")
    assert touching(panel, video) == [] and touching(panel, live) == []


def test_draw_a_relation_then_delete_it(panel, session, qtbot) -> None:
    video = uuid(session, VIDEO)
    live = uuid(session, "Communication Methods/Synchronous/Live chat")
    asked: list[tuple[str, str, str]] = []
    panel.ask_relation_label = lambda a, b, current: asked.append((a, b, current)) or "leads to"
    panel.relate_action.trigger()
    start = on_screen(panel, video)
    drag(qtbot, panel, start, panel.view.mapFromScene(panel.scene.nodes[live].pos()))
    assert asked == [("Video calls", "Live chat", "")]
    [relation] = session.project.map.relations()
    assert (relation.from_uuid, relation.to_uuid, relation.label) == (video, live, "leads to")
    assert stored(session) == {}  # drawing a relation moves nothing
    edge = panel.scene.relations[relation.uuid]
    assert edge.label == "leads to"
    panel.relate_action.trigger()
    session.undo_stack.undo()
    assert session.project.map.relations() == [] and panel.scene.relations == {}
    session.undo_stack.redo()
    edge = panel.scene.relations[relation.uuid]
    panel.view.centerOn(edge.path().pointAtPercent(0.5))
    qtbot.mouseClick(panel.view.viewport(), LEFT, pos=clickable(panel, edge))
    assert edge.isSelected() and panel.delete_relation_action.isEnabled()
    panel.delete_relation_action.trigger()
    assert session.project.map.relations() == []
    session.undo_stack.undo()
    assert [r.uuid for r in session.project.map.relations()] == [relation.uuid]
    edge = panel.scene.relations[relation.uuid]
    assert edge.label == "leads to"
    qtbot.mouseClick(panel.view.viewport(), LEFT, pos=clickable(panel, edge))
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)  # the keyboard way
    assert session.project.map.relations() == []
    assert session.undo_stack.count() == 2


def test_relabel_by_double_click_and_filter_keeps_related_codes(panel, session, qtbot) -> None:
    video = uuid(session, VIDEO)
    skills = uuid(session, "Professional Development/Skill Acquisition/Technical skills")
    rel = panel.scene.editor.relate(video, skills, "leads to")
    assert rel is not None
    panel.ask_relation_label = lambda a, b, current: "contradicts"
    edge = panel.scene.relations[rel]
    panel.view.set_zoom(0.5)
    panel.view.centerOn(edge.label_rect().center())
    qtbot.mouseDClick(panel.view.viewport(), LEFT, pos=clickable(panel, edge))
    assert session.project.map.relations()[0].label == "contradicts"
    assert edge.label == "contradicts"
    panel.filter_combo.setCurrentIndex(panel.filter_combo.findText("Communication Methods"))
    shown = {u for u, n in panel.scene.nodes.items() if n.isVisible()}
    assert len(shown) == 14  # the theme's 13 codes and the one related to them
    assert skills in shown and uuid(session, PRO) not in shown
    assert edge.isVisible()
    panel.filter_combo.setCurrentIndex(0)
    assert all(n.isVisible() for n in panel.scene.nodes.values())


# -- layout, zoom, export, palette ---------------------------------------------------------------
def test_layout_buttons_are_one_command_each(panel, session) -> None:
    tidy = dict(panel.scene.positions())
    panel.force_action.trigger()
    saved = stored(session)
    assert len(saved) == 69 and session.undo_stack.count() == 1
    assert overlapping(saved, panel.scene.boxes()) == []
    assert any(not close(saved[u], tidy[u]) for u in saved)
    session.undo_stack.undo()
    assert stored(session) == {}
    assert all(close(panel.scene.nodes[u].pos(), p) for u, p in tidy.items())
    session.undo_stack.redo()
    panel.tidy_action.trigger()
    assert session.undo_stack.count() == 2
    expected = tidy_positions(panel.scene._codes, panel.scene.boxes())
    assert all(close(stored(session)[u], p) for u, p in expected.items())


def test_zoom_and_fit(panel, qtbot) -> None:
    view = panel.view
    view.set_zoom(1.0)
    panel.zoom_in_action.trigger()
    assert view.zoom() == pytest.approx(1.25)
    assert panel.zoom_label.text() == "125 %"
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom() == pytest.approx(1.0)
    panel.fit_action.trigger()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(panel.scene.content_rect(visible_only=True))
    view.fit(readable=True)
    assert view.zoom() >= 0.7  # a readable start, even if the map is bigger than the view


def test_the_first_view_fits_and_names_stay_legible(session, qtbot) -> None:
    from workbench.gui.map.map_lod import label_scale

    widget = ThemeMapPanel(session)
    qtbot.addWidget(widget)
    widget.resize(900, 520)
    widget.show()
    qtbot.waitExposed(widget)
    view = widget.view
    qtbot.waitUntil(lambda: view.zoom() < 0.7)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(widget.scene.content_rect(visible_only=True))
    zoom = view.zoom()
    # zoomed out, a theme's name is drawn larger, never below 14 px on screen; leaves' are hidden
    theme = label_scale(15, zoom, 0, has_children=True)
    assert theme is not None and 15 * zoom * theme >= 14 - 1e-6
    assert label_scale(12, zoom, 2, has_children=False) is None
    relation = label_scale(11, zoom, -1, has_children=True)
    assert relation is not None and 11 * zoom * relation >= 10 - 1e-6


def test_export_png_svg_and_pdf(panel, session, tmp_path) -> None:
    panel.ask_export_path = lambda kind: str(tmp_path / f"map-{kind}")
    session.select_codes([uuid(session, VIDEO)])
    png = panel.export("png")
    svg = panel.export("svg")
    pdf = panel.export("pdf")
    assert png == tmp_path / "map-png.png"
    image = QImage(str(png))
    assert image.width() > 1000 and image.height() > 600
    assert image.pixelColor(3, 3) == QColor("#ffffff")  # print colours, whatever the screen
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "Communication Methods" in text
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    words = " ".join(reader.pages[0].extract_text().split())
    assert "Professional Development" in words and "Video calls" in words
    assert panel.scene.nodes[uuid(session, VIDEO)].isSelected()  # selection is back


def test_dark_palette_darkens_the_map(panel) -> None:
    palette = panel.view.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    palette.setColor(QPalette.ColorRole.Window, QColor("#2b2d30"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#dfe1e5"))
    panel.view.setPalette(palette)
    style = panel.scene.map_style
    assert style.dark and style.background.lightnessF() < 0.3
    assert style.text.lightnessF() > 0.7
    assert next(iter(panel.scene.nodes.values())).style is style

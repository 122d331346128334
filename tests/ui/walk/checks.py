"""What "the text fits" means for the walk: no label or button shows less than its text, no window
reaches past the screen, no title repeats the application's name.

A label's text is measured the way the label lays it out: with its font, word-wrapped to its width
when it wraps (plain text through ``QFontMetrics.boundingRect``, rich text through a
``QTextDocument``), and compared with the rectangle it has. A widget is also clipped when an
ancestor (other than a scroll area's viewport, which scrolls) cuts it off. Every widget that is
visible in the window is checked, on every tab.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication, QTextDocument, QTextOption
from PySide6.QtGui import Qt as QtGui_Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QWidget,
)

SLACK = 1  # pixels of rounding


def _label_needs(label: QLabel, width: int) -> tuple[int, int]:
    """The (width, height) the label's text needs when laid out ``width`` pixels wide."""
    text = label.text()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui_Qt.mightBeRichText(text)
    )
    if rich:
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        if label.wordWrap():
            doc.setTextWidth(width)
        else:
            option = QTextOption()
            option.setWrapMode(QTextOption.WrapMode.NoWrap)
            doc.setDefaultTextOption(option)
        doc.setHtml(text)
        if label.wordWrap():
            return int(doc.idealWidth() + 0.99), int(doc.size().height() + 0.99)
        return int(doc.idealWidth() + 0.99), int(doc.size().height() + 0.99)
    metrics = QFontMetrics(label.font())
    flags = Qt.TextFlag.TextWordWrap if label.wordWrap() else Qt.TextFlag.TextSingleLine
    if not label.wordWrap() and "\n" in text:
        flags = Qt.TextFlag.TextExpandTabs
    shown = text.replace("&&", "\0").replace("&", "").replace("\0", "&") if label.buddy() else text
    rect = metrics.boundingRect(QRect(0, 0, width if label.wordWrap() else 100_000, 100_000), flags, shown)
    return rect.width(), rect.height()


def label_problem(label: QLabel) -> str | None:
    if not label.text() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    area = label.contentsRect()
    margin = label.margin() * 2 + (label.indent() if label.indent() > 0 else 0)
    width = area.width() - margin
    need_w, need_h = _label_needs(label, width)
    if need_w > width + SLACK or need_h > area.height() - label.margin() * 2 + SLACK:
        return f"label {label.text()[:60]!r} needs {need_w}×{need_h}, has {width}×{area.height()}"
    return None


def button_problem(button: QAbstractButton) -> str | None:
    if not button.text():
        return None
    if isinstance(button, QPushButton | QCheckBox | QRadioButton):
        hint = button.sizeHint()
        if hint.width() > button.width() + SLACK:
            return f"button {button.text()[:60]!r} needs {hint.width()} px, has {button.width()}"
    return None


def cut_off(widget: QWidget, window: QWidget) -> str | None:
    """Whether an ancestor (up to ``window``) shows less of ``widget`` than the widget's own size."""
    rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    parent = widget.parentWidget()
    while parent is not None:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return None  # inside a scrolling area: the person scrolls to it
        visible = QRect(parent.mapTo(window, parent.rect().topLeft()), parent.size())
        if not visible.contains(rect):
            return f"{type(widget).__name__} {_name(widget)!r} is cut off by its {type(parent).__name__}"
        if parent is window:
            return None
        parent = grand
    return None


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    if callable(text):
        value = text()
        if isinstance(value, str) and value:
            return value[:60]
    return widget.objectName() or type(widget).__name__


def widget_problems(window: QWidget) -> list[str]:
    problems: list[str] = []
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window) or w.width() <= 0 or w.height() <= 0:
            continue
        problem: str | None = None
        if isinstance(w, QLabel):
            problem = label_problem(w)
        elif isinstance(w, QAbstractButton):
            problem = button_problem(w)
        if (
            problem is None
            and isinstance(w, QLabel | QAbstractButton)
            and (w.text() if hasattr(w, "text") else "")
        ):
            problem = cut_off(w, window)
        if problem:
            problems.append(problem)
    return problems


def window_problems(window: QWidget, app_name: str) -> list[str]:
    """The window within the screen's available area, and a title without the application's name."""
    problems = []
    screen = window.screen() or QApplication.primaryScreen()
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    if not available.contains(frame):
        problems.append(
            f"the window ({frame.width()}×{frame.height()} at {frame.x()},{frame.y()}) does not fit the "
            f"screen ({available.width()}×{available.height()})"
        )
    if (
        window.minimumSizeHint().height() > available.height()
        or window.minimumSizeHint().width() > available.width()
    ):
        hint = window.minimumSizeHint()
        problems.append(f"the window needs at least {hint.width()}×{hint.height()}")
    title = window.windowTitle()
    if not title.strip():
        problems.append("the window has no title")
    # What the window system shows: Qt appends the application's display name to every title.
    shown = title
    display = QGuiApplication.applicationDisplayName()
    if display and display != QGuiApplication.applicationName() and not title.endswith(display):
        shown = f"{title} — {display}"
    if (app_name and app_name in shown) or "Inspector" in shown:
        problems.append(f"the title {shown!r} carries the application's name")
    return problems


def tabs_of(window: QWidget) -> list[tuple[QTabWidget, int]]:
    """Every (tab widget, index) of the window, to check each page in turn."""
    return [(t, i) for t in window.findChildren(QTabWidget) for i in range(t.count())]

"""Windows that fit the screen they open on, and grow when their text does.

Inspectors' laptops are often 1366×768, sometimes run at 125 or 150 % (then a 1366×768 screen is
only 911×512 pixels of layout). A dialog therefore asks for its comfortable size with
:func:`fit_to_screen`, which gives it no more than the screen's available area leaves once the
window's title bar is counted; long content sits in a :func:`scrolling` area instead of pushing
the buttons off the screen.

Qt does not grow a top-level window for a word-wrapped label that needs more lines at the window's
width (a window's minimum size ignores height-for-width), so a validation message that appears
under a field was cut to one line. :func:`fit_contents` grows the window to the height its layout
needs at its width; :class:`~inspector.ui.field_errors.FieldErrors` calls it whenever it shows
messages, and dialogs that show other messages call it too.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QFrame, QLayout, QScrollArea, QWidget

# What a window manager adds above and around a window (title bar, borders), in layout pixels; the
# window's own size must leave room for it on the screen.
FRAME_ALLOWANCE = (16, 40)


def available(window: QWidget) -> QRect:
    """The part of the window's screen that windows may use (the task bar excluded)."""
    screen: QScreen | None = window.window().screen()  # None before the app has a screen
    return (screen or QGuiApplication.primaryScreen()).availableGeometry()


def largest(window: QWidget) -> tuple[int, int]:
    """The largest size the window's contents may take on its screen."""
    area = available(window)
    return area.width() - FRAME_ALLOWANCE[0], area.height() - FRAME_ALLOWANCE[1]


def fit_to_screen(window: QWidget, width: int, height: int | None = None) -> None:
    """Give ``window`` the size ``width`` × ``height`` (``None``: the height its contents need at that
    width), or as much of it as its screen allows."""
    max_w, max_h = largest(window)
    w = min(width, max_w)
    if height is None:
        height = _needed_height(window, w)
    window.resize(max(w, 1), max(min(height, max_h), 1))


def fit_contents(window: QWidget) -> None:
    """Grow ``window`` (never shrink it) to the height its contents need at its present width, as far
    as the screen allows, and keep it on the screen."""
    window = window.window()
    layout = window.layout()
    if layout is None:
        return
    for scroller in window.findChildren(FittingScrollArea):
        scroller.updateGeometry()  # its content changed: the scroll area's own hint follows
    layout.invalidate()
    layout.activate()
    _, max_h = largest(window)
    height = min(max(window.height(), _needed_height(window, window.width())), max_h)
    if height > window.height():
        window.resize(window.width(), height)
    if window.isVisible():
        area = available(window)
        frame = window.frameGeometry()
        if frame.bottom() > area.bottom():
            window.move(window.x(), max(area.top(), window.y() - (frame.bottom() - area.bottom())))


def _needed_height(window: QWidget, width: int) -> int:
    layout = window.layout()
    if layout is None:
        return window.sizeHint().height()
    layout.activate()
    if layout.hasHeightForWidth():
        return max(layout.totalHeightForWidth(width), layout.totalMinimumSize().height())
    return max(layout.totalSizeHint().height(), layout.totalMinimumSize().height())


class FittingScrollArea(QScrollArea):
    """A scroll area that asks for all of its content's height (a plain one asks for at most 24
    lines), so that a window is as tall as its content where the screen allows and scrolls only
    where it does not."""

    def sizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().sizeHint()
        hint = content.sizeHint()
        frame = 2 * self.frameWidth()
        width = self.viewport().width() if self.isVisible() else hint.width()
        height = content.heightForWidth(width) if content.hasHeightForWidth() else -1
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(hint.width() + frame + bar, max(height, hint.height()) + frame)


class UprightScrollArea(QScrollArea):
    """A scroll area that scrolls only vertically and asks for its content's minimum width, so that a
    splitter or a window narrows its neighbours before it cuts the content off at the side (at 150 %
    on a 1366×768 screen the checklist's item was scrolled sideways, its counter and buttons cut)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        content = self.widget()
        if content is None:
            return hint
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(content.minimumSizeHint().width() + 2 * self.frameWidth() + bar, hint.height())


def scrolling(content: QWidget | QLayout) -> FittingScrollArea:
    """``content`` in a frameless area that scrolls vertically when the window is too low for it."""
    if isinstance(content, QLayout):
        holder = QWidget()
        holder.setLayout(content)
        content.setContentsMargins(0, 0, 0, 0)
        content = holder
    area = FittingScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(content)
    return area

"""The Qt face of the app. Widgets call core services and get plain dataclasses back; nothing in the
core imports this package."""

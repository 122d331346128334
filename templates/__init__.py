"""Built-in Word templates, installed as ``inspector.templates``; an office overrides them by placing
a file of the same name in its data directory's ``templates/`` folder."""

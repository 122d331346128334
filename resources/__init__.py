"""Icons, translations and styles, installed as ``inspector.resources`` so they load the same from a
source checkout, a wheel or a frozen Windows build (never from the working directory)."""

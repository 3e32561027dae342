"""One module per screen of the desk."""

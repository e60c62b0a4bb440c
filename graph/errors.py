"""One error root for the whole project, translated at the edges (HTTP problem JSON, CLI exit codes)."""


class KGError(Exception):
    """Base of every error geokg raises on purpose; its message is meant for the user."""

    status = 400
    title = "Bad request"


class NotFound(KGError):
    """An entity, relation or article id that the store does not hold."""

    status = 404
    title = "Not found"


class InvalidInput(KGError):
    """Input that cannot be processed: an unreadable file, a bad parameter, a bad date."""

    status = 422
    title = "Invalid input"


class StoreError(KGError):
    """The store cannot be opened or written: a corrupt or foreign data file, an unreachable server."""

    status = 503
    title = "Store unavailable"


class ConfigError(KGError):
    """A setting that cannot work: an unknown store kind, a spaCy pipeline that is not installed."""

    status = 500
    title = "Configuration error"

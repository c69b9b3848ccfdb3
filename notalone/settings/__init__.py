"""NotAlone's settings, read from the environment: ``DJANGO_SETTINGS_MODULE=notalone.settings``.

Every variable is documented in docs/OPERATING.md. A bad value raises SettingError with a
message that names the variable; ``notalone`` prints it and exits without a traceback.
Each module below holds one responsibility and imports what it needs from the others
(``environment`` first: production or not, the data directory).
"""

from notalone.settings.application import *  # noqa: F403
from notalone.settings.environment import *  # noqa: F403
from notalone.settings.features import *  # noqa: F403
from notalone.settings.logs import *  # noqa: F403
from notalone.settings.security import *  # noqa: F403
from notalone.settings.storage import *  # noqa: F403

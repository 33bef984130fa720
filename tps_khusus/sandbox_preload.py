"""Imported once by the sandbox's fork server (tps_khusus.sandbox): Django set up and the Excel
reader loaded there are inherited by every child it forks, instead of costing each parse again."""

import python_calamine  # noqa: F401 - loaded once, for every child

from tps_khusus.sandbox import set_up_django

set_up_django()

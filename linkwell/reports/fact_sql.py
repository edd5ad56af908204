"""The SQL both databases need to keep the report facts, where they spell it differently."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Dialect:
    vendor: str

    def date(self, expression: str) -> str:
        return f"date({expression})" if self.vendor == "sqlite" else f"CAST({expression} AS date)"

    def month_start(self, expression: str) -> str:
        if self.vendor == "sqlite":
            return f"date({expression}, 'start of month')"
        return f"CAST(date_trunc('month', {expression}) AS date)"

    def days_between(self, later: str, earlier: str) -> str:
        if self.vendor == "sqlite":
            return f"CAST(julianday(date({later})) - julianday(date({earlier})) AS INTEGER)"
        return f"(CAST({later} AS date) - CAST({earlier} AS date))"

    def age_in_years(self, on: str, born: str) -> str:
        if self.vendor == "sqlite":
            # "%%": the driver's parameter style turns it back into a single %.
            return (
                f"(CAST(strftime('%%Y', {on}) AS INTEGER) - CAST(strftime('%%Y', {born}) AS INTEGER)"
                f" - (strftime('%%m-%%d', {on}) < strftime('%%m-%%d', {born})))"
            )
        return f"CAST(date_part('year', age(CAST({on} AS date), {born})) AS INTEGER)"

    def needs_of(self, referral_alias: str) -> tuple[str, str]:
        """A FROM-clause item listing the referral's reasons, and the column holding each reason."""
        if self.vendor == "sqlite":
            return f"json_each({referral_alias}.reasons) AS reason", "reason.value"
        return f"LATERAL jsonb_array_elements_text({referral_alias}.reasons) AS reason(value)", "reason.value"

    def json_number(self, document: str, key: str) -> str:
        """The number under `key` (an SQL expression naming it) in a JSON object column; NULL when the value
        is missing or not a number (a categorical answer)."""
        if self.vendor == "sqlite":
            path = f"'$.' || {key}"
            return (
                f"CASE WHEN json_type({document}, {path}) IN ('integer', 'real')"
                f" THEN json_extract({document}, {path}) END"
            )
        return (
            f"CASE WHEN jsonb_typeof({document} -> {key}) = 'number'"
            f" THEN CAST({document} ->> {key} AS double precision) END"
        )

    def days_between_times(self, later: str, earlier: str) -> str:
        """Fractional days between two timestamps."""
        if self.vendor == "sqlite":
            return f"(julianday({later}) - julianday({earlier}))"
        return f"(EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400.0)"


def table(model: Any) -> str:
    return str(model._meta.db_table)

"""Who sits where, on whose behalf, with how many FTE; who sets frameworks, steers and checks."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from raadsmonitor.domain.enums import GovernanceRol, OrgaanSoort
from raadsmonitor.domain.programme import Bureaufunctie, GovernanceTaak, Lidmaatschap, Orgaan, Organisatie
from raadsmonitor.domain.records import Records, index_by_id

# The order a council member reads the structure in: themselves first, then the alliance (report ch. 4, 8).
ORDER = [OrgaanSoort.GEMEENTERAAD, OrgaanSoort.COLLEGE, OrgaanSoort.ALLIANTIERAAD, OrgaanSoort.ALLIANTIEBESTUUR,
         OrgaanSoort.PROGRAMMABUREAU, OrgaanSoort.PROGRAMMALIJNTEAM, OrgaanSoort.KERNTEAM, OrgaanSoort.RIJK,
         OrgaanSoort.REKENKAMER, OrgaanSoort.BEWONERSORGAAN, OrgaanSoort.OVERIG]


@dataclass(frozen=True)
class Zetel:
    """A seat in a body, with the organisation that holds it (None for a vacancy without one)."""

    lidmaatschap: Lidmaatschap
    organisatie: Organisatie | None


@dataclass(frozen=True)
class OrgaanOverzicht:
    """A body with its seats, the bureau's functions, its tasks and whom it answers to."""

    orgaan: Orgaan
    zetels: list[Zetel]
    functies: list[Bureaufunctie]
    taken: list[GovernanceTaak]
    verantwoording_aan: Orgaan | None

    @property
    def totaal_fte(self) -> Decimal | None:
        """Sum of the known FTE; None when no function has a known size."""
        known = [functie.fte for functie in self.functies if functie.fte is not None]
        return sum(known, Decimal(0)) if known else None

    @property
    def fte_onvolledig(self) -> bool:
        return any(functie.fte is None for functie in self.functies)

    @property
    def vacatures(self) -> list[Zetel]:
        return [zetel for zetel in self.zetels if zetel.lidmaatschap.vacature]


@dataclass(frozen=True)
class RolToedeling:
    """Which bodies carry out one governance role, and how."""

    rol: GovernanceRol
    taken: list[tuple[Orgaan, GovernanceTaak]]


def organisation_overview(records: Records) -> list[OrgaanOverzicht]:
    organisaties = index_by_id(records.all(Organisatie))
    organen = index_by_id(records.all(Orgaan))
    result = []
    for orgaan in sorted(organen.values(), key=lambda o: (ORDER.index(o.soort), o.naam)):
        zetels = [Zetel(lid, organisaties.get(lid.organisatie) if lid.organisatie else None)
                  for lid in sorted(records.all(Lidmaatschap), key=lambda lid: lid.id) if lid.orgaan == orgaan.id]
        result.append(OrgaanOverzicht(
            orgaan=orgaan,
            zetels=zetels,
            functies=[f for f in sorted(records.all(Bureaufunctie), key=lambda f: f.id) if f.orgaan == orgaan.id],
            taken=[t for t in sorted(records.all(GovernanceTaak), key=lambda t: t.id) if t.orgaan == orgaan.id],
            verantwoording_aan=organen.get(orgaan.legt_verantwoording_af_aan or ""),
        ))
    return result


def governance_roles(records: Records) -> list[RolToedeling]:
    """Per role (kaderstellen, besluiten, sturen, ...) which bodies hold it, in the report's words."""
    organen = index_by_id(records.all(Orgaan))
    roles = []
    for rol in GovernanceRol:
        taken = [(organen[t.orgaan], t) for t in sorted(records.all(GovernanceTaak), key=lambda t: t.id)
                 if t.rol is rol and t.orgaan in organen]
        if taken:
            roles.append(RolToedeling(rol, sorted(taken, key=lambda pair: ORDER.index(pair[0].soort))))
    return roles

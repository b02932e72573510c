"""The proposal form: the territories and the labels a city picks from, and what a proposal may name."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ProposalChoices:
    """The form's choices: territory names by id (by name) and each facet's labels by id."""

    names: dict[str, str]
    labels: dict[str, dict[str, str]]  # "themes", "target_groups", "rights" -> id -> label

    @property
    def known(self) -> dict[str, set[str]]:
        """What a proposal may refer to (for `moderation.check_submission`)."""
        return {"territories": set(self.names), **{k: set(v) for k, v in self.labels.items()}}


def proposal_choices(c) -> ProposalChoices:
    """The form's choices in campaign `c`, made once per campaign."""

    def build() -> ProposalChoices:
        territories = c.territories.sort_values("name")
        return ProposalChoices(
            dict(zip(territories["id"], territories["name"], strict=True)),
            {
                "themes": c.labels("themes"),
                "target_groups": c.labels("target_groups"),
                "rights": c.labels("rights", "title_en"),
            },
        )

    return c.memo("proposal_choices", build, keep=True)

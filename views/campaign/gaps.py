"""Gaps in the record: members with no documented practice, rights and groups with none in a region,
regions and countries with no member; a list a coordinator can export and act on."""

import streamlit as st

from components import sidebar, state
from components.text import md_escape
from hrcities.viewmodels.gaps import gaps_view

_ = state.tr()
selection = sidebar.current_filters()
view = gaps_view(state.shown_campaign(), selection, state.language())

st.title(_("Gaps in the record"))
st.caption(
    _(
        "What the campaign's public record does not hold yet. A gap here means nothing documented "
        "in our sources, not that nothing is done: if your city does it, propose your practice."
    )
)
sidebar.filter_note(selection)
st.page_link("views/campaign/propose.py", label=_("Propose a practice"), icon=":material/edit_note:")

st.subheader(_("Members with no documented practice yet"))
if view.members_without_practice.empty:
    st.success(_("Every member in this view has at least one documented practice."))
else:
    st.markdown(
        _("**{n}** members have no practice on record: a list to contact.").format(
            n=len(view.members_without_practice)
        )
    )
    st.dataframe(view.members_table, hide_index=True, width="stretch")
    st.download_button(
        _("Download the list (CSV)"),
        view.members_csv(),
        file_name="members-without-practice.csv",
        mime="text/csv",
        key="gaps_members_csv",
        on_click="ignore",
    )

st.subheader(_("Rights with no practice yet"))
if view.rights_without_practice:
    st.markdown("\n".join(f"- {md_escape(label)}" for label in view.rights_without_practice))
else:
    st.success(_("Every right of the Charter-Agenda has at least one practice in this view."))

st.subheader(_("By UCLG region"))
regions = dict.fromkeys(gap.region for gap in view.by_region)
for region in regions:
    rights = [g.label for g in view.by_region if g.region == region and g.kind == "right"]
    groups = [g.label for g in view.by_region if g.region == region and g.kind == "group"]
    with st.expander(
        _("{region}: {rights} rights and {groups} groups with no practice yet").format(
            region=region, rights=len(rights), groups=len(groups)
        )
    ):
        if rights:
            st.markdown("**" + _("Rights") + "**\n" + "\n".join(f"- {md_escape(x)}" for x in rights))
        if groups:
            st.markdown("**" + _("Target groups") + "**\n" + "\n".join(f"- {md_escape(x)}" for x in groups))

st.subheader(_("Where the campaign has no member yet"))
if view.regions_without_member:
    st.markdown(
        _("UCLG regions with no member on record: {regions}.").format(
            regions=md_escape(", ".join(view.regions_without_member))
        )
    )
if view.countries_without_member:
    st.markdown(
        _("Countries with territories engaged but no member: {countries}.").format(
            countries=md_escape(", ".join(view.countries_without_member))
        )
    )

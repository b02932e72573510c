"""One view-model per page: what a page shows, computed by a pure function, so the page only renders.

Each module holds a small frozen dataclass and the function that builds it from the campaign, the
reader's selection and language (`progress.progress_view`, `map.map_view`, `library.library_view`,
`city.city_view`, `charter.charter_view`). Numbers and sentences are computed once here and reused by
the API, the presenter slides and the forum pack. Parts only one tab needs are built when asked
(`functools.cached_property`), and a whole view is kept with the campaign per selection and language
(`Campaign.memo`), so a rerun that changes nothing computes nothing. Treat views as read-only.
"""

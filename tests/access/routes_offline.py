"""What the offline routes (issue 5: the service worker, offline copies, the sync API) answer.

Written by the issue-3 engineer from the area's code and its answers when the matrix was built;
the offline area owns this table and keeps it up to date with its routes. What a tutor may send
for other learners through the sync API is checked by tests/offline (per item, in the JSON).
"""

from tests.access.matrix import PEOPLE_ROLES, TEAM_ROLES, Route, everyone, only, scoped, team_scope

ROUTES = [
    Route("offline.on_this_phone", "GET", "/offline", everyone(200)),
    Route("offline.lesson_copy", "GET", "/offline/courses/{course}/{lesson}", everyone(200)),
    Route("offline.manifest", "GET", "/offline/manifest.vi.webmanifest", everyone(200)),
    Route("offline.pack", "GET", "/offline/packs/vi/{course}.json", everyone(200)),
    Route("offline.strings", "GET", "/offline/strings/vi.json", everyone(200)),
    Route("offline.team_strings", "GET", "/offline/strings/vi/team.json", everyone(200)),
    Route("offline.service_worker", "GET", "/sw.js", everyone(200)),
    Route("sync_api.sync_session", "GET", "/api/v1/progress/sync", everyone(200, anonymous=401)),
    # Tutoring with no connection: a tutor saves their own team's list and the tutoring pages.
    Route("offline_tutoring.team", "GET", "/offline/teams/{team}.json",
          scoped(200, PEOPLE_ROLES, team_scope, acts=TEAM_ROLES)),
    Route("offline_tutoring.learner_page", "GET", "/offline/tutor/learner", only(TEAM_ROLES, 200)),
    Route("offline_tutoring.lesson_page", "GET", "/offline/tutor/{course}/{lesson}",
          only(TEAM_ROLES, 200)),
    # A batch must be JSON: a form is refused (415) once signed in, and visitors get 401.
    Route("sync_api.sync", "POST", "/api/v1/progress/sync", everyone(415, anonymous=401)),
]

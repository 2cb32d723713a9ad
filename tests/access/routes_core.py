"""What the routes of the learning path (issue 2) answer: pages anyone may read, and a person's
own account and progress."""

from tests.access.matrix import Route, everyone, signed_in

LESSON = "/courses/{course}/{lesson}"

ROUTES = [
    Route("lessons.home", "GET", "/", everyone(200)),
    Route("lessons.course", "GET", "/courses/{course}", everyone(200)),
    Route("lessons.lesson", "GET", LESSON, everyone(200)),
    Route("lessons.submit_quiz", "POST", LESSON + "/quiz", everyone(422)),
    # Someone else's answers: never shown (anonymous visitors are sent to the lesson).
    Route("lessons.attempt", "GET", LESSON + "/attempts/{attempt}", everyone(404, anonymous=302)),
    Route("lessons.course_image", "GET", "/courses/vneid/images/otp-passcode.svg", everyone(200)),
    Route("accounts.sign_up", "GET", "/signup", everyone(302, anonymous=200)),
    Route("accounts.sign_up", "POST", "/signup", everyone(302, anonymous=422)),
    Route("accounts.sign_in", "GET", "/signin", everyone(302, anonymous=200)),
    Route("accounts.sign_in", "POST", "/signin", everyone(302, anonymous=422)),
    Route("accounts.sign_out", "POST", "/signout", everyone(302)),
    Route("accounts.settings", "GET", "/settings", signed_in(200)),
    Route("accounts.settings", "POST", "/settings", signed_in(200), {"locale": "xx"}),
    Route("accounts.change_password", "POST", "/settings/password", signed_in(422)),
    Route("accounts.sign_out_everywhere", "POST", "/settings/sign-out-everywhere",
          signed_in(302)),
    Route("accounts.toggle_text_size", "POST", "/text-size", everyone(302)),
    Route("accounts.choose_language", "GET", "/language/vi", everyone(302)),
    Route("progress.dashboard", "GET", "/dashboard", signed_in(200)),
    Route("static", "GET", "/static/site.css", everyone(200)),
    Route("health.health", "GET", "/health", everyone(200)),  # for the proxy and monitoring
]

"""Quiz answers as a tutor ticks them on the form."""


def answer_form(lesson, right: bool = True) -> dict:
    form: dict = {}
    for i, q in enumerate(lesson.text("vi").questions):
        if q.kind == "order":
            steps = range(len(q.choices))
            for step in steps:
                form[f"q{i}-{step}"] = str(step + 1 if right else len(q.choices) - step)
        elif right:
            form[f"q{i}"] = [str(c) for c in q.correct_answer]
        else:
            form[f"q{i}"] = [str(next(c for c in range(len(q.choices))
                                      if (c,) != q.correct_answer))]
    return form

"""The citizen's learning path as pages: the course catalogue, a course, a lesson, its quiz
and the result."""

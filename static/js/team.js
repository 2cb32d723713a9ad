/* A community team's work offline, for its tutors and leads only: app.js runs this file just
   before offline.js on the pages of that work (data-team-js: the team's list, its sign-up and
   event pages, tutoring, "On this phone"), and offline.js plugs it in (olTeam) with what they
   share (the outbox, the words, saving on the phone). The team's list saved on the phone with
   the tutoring pages and this file; tutoring anyone on it; people signed up on the spot and who
   came to an event, kept in the outbox with no connection; a possible duplicate answered by the
   tutor. An enhancement only: every page works without it. */
window.olTeam = O => {
  'use strict';
  const D = document, ME = D.querySelector('script[data-t]'), TEAM = ME.dataset.team, path = location.pathname;
  const {el, fill, say, strings, put, fresh, status, h1} = O;
  const tutored = path.match(/^\/learners\/(\d+)\/tutor\/([^/]+)\/([^/]+)/);

  /* A tutoring page kept for any person on the roster: fill in who, and what they completed. */
  async function tutorPage(box) {
    const [, id] = path.match(/^\/learners\/(\d+)/) || [], team = await O.json(O.packKey('team'));
    const who = team && team.learners.find(l => l.id == id);
    if (!who) return;
    box.querySelectorAll('[data-learner-name]').forEach(e => e.textContent = who.name);
    box.querySelectorAll('a[href^="/learners/0"]').forEach(a => a.href = a.getAttribute('href').replace('/0', '/' + id));
    const done = new Set(who.done.concat((await O.all()).filter(i => i.learner == id && i.passed).map(i => i.course + '/' + i.lesson)));
    box.querySelectorAll('[data-lesson]').forEach(a => done.has(a.dataset.lesson) && a.prepend('✓ '));
  }

  /* A person signed up, who came: kept in the outbox when there is no connection. */
  async function teamWork(e, form) {
    if (navigator.onLine || !O.me() || !window.indexedDB) return;
    e.preventDefault();
    const t = await strings(), f = new FormData(form), [, kind, n] = path.split('/'), up = form.id == 'signup', name = (f.get('full_name') || '').trim();
    const items = up ? [fresh('sign_up', {title: h1(), [kind == 'teams' ? 'team' : 'event']: +n, full_name: name, who: name,
      birth_year: f.get('birth_year').trim() || null, gender: f.get('gender') || null, consent: f.has('consent')})]
      : [...form.querySelectorAll(':checked')].map(c => fresh('attendance', {title: h1(), event: +n, learner: +c.value, who: c.parentNode.textContent.trim()}));
    if (!items.length || up && !(name && items[0].consent)) return say(form, up ? t.sign_up_needs : t.tick_people);
    await put(items);
    const out = el('section', {tabindex: '-1'}, ...items.map(i => el('p', {class: 'flash'}, i.who + ': ', el('span', {'data-item': i.id}, status(i, t)), el('span', {'data-fix': i.id}))));
    if (up) out.append(el('p', {}, el('a', {class: 'btn2', href: path}, t.sign_up_another)));
    form.hidden = true;
    form.after(out);
    out.focus();
    O.show();
  }

  D.addEventListener('submit', e => {
    const form = e.target;
    if (form.id == 'tutor-quiz' && tutored) {  // a person's answers, given to their tutor
      const at = form.querySelector('[name=event]:checked'), event = at && at.value ? +at.value : undefined;
      return O.submitQuiz(e, form, tutored[2], tutored[3], {learner: +tutored[1], method: event ? 'event' : 'tutor', event,
        who: D.querySelector('.with strong').textContent});
    }
    if (form.id == 'signup' || form.id == 'attend') teamWork(e, form);
  });
  D.querySelectorAll('#signup').forEach(f => f.form_id.value = O.uuid());  // a kept page: a new id
  if (O.SW) {
    // The team saved on the phone: its pages, its files (this script and its words), and the
    // courses' packs; this script and its words as this page has them, if the site changed them.
    caches.has('team').then(kept => kept && navigator.onLine && caches.open('team')).then(c => c &&
      Promise.all([ME.dataset.teamJs, ME.dataset.teamStrings].map(u => c.match(u).then(r => r || c.add(u))))).catch(() => {});
    const mark = D.getElementById('ol-team'), tutor = D.querySelector('[data-tutor]');
    if (mark || path == `/teams/${TEAM}/learners`) {
      O.saveBox((mark || D.querySelector('main h1')).insertAdjacentElement('afterend', el('div', {class: 'ol-save'})), 'team',
        `/offline/teams/${TEAM}.json`, pack => pack.courses.map(c => [O.packKey(c), O.packUrl(c)]), 'saved_team');
    }
    if (tutor) tutorPage(tutor);
    if (tutored) O.opened(tutored[2], tutored[3], tutored[1]);
  }

  // A sign-up that may be someone on the list: the tutor says who.
  const fix = (i, t) => !O.asking(i) ? [] : [...i.existing.map(p => [fill(t.same_person, {n: p.name}), {same_as: p.id}]), [t.other_person, {confirm_new: true}]]
    .map(([label, change]) => el('button', {class: 'btn2', type: 'button', onclick: () => put([Object.assign(i, change, {state: 'pending'})]).then(O.sync)}, label));
  return {fix};
};

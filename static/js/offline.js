/* Offline use in a plain phone browser, loaded by app.js only where used; an enhancement only.
   Saved courses: the service worker (/sw.js) and Cache Storage. Quiz answers made offline: an
   outbox (IndexedDB), sent to /api/v1/progress/sync in batches with back-off (docs/api_sync.md);
   what is not yet sent, or refused and why, is shown. A tutor's team work (their team saved,
   tutoring, sign-ups, attendance) is team.js, run just before this file on the pages of that work
   only; it plugs in here (olTeam, at the end). */
(() => {
  'use strict';
  const D = document, ME = D.querySelector('script[data-t]'), LANG = D.documentElement.lang;
  const API = '/api/v1/progress/sync', JSON_TYPE = {headers: {'Content-Type': 'application/json'}};
  let USER = ME.dataset.user || '', signedOut = false, T = null, X = {};  // X: team.js's part
  const online = () => navigator.onLine;
  const limit = ms => AbortSignal.timeout && AbortSignal.timeout(ms);
  const strings = () => T || (T = Promise.all([ME.dataset.strings, ME.dataset.teamStrings].filter(Boolean)  // (a tutor's: two)
    .map(u => fetch(u).then(r => r.json()).catch(() => ({})))).then(w => Object.assign({}, ...w)));
  const fill = (s, v) => String(s || '').replace(/\{(\w+)\}/g, (_, k) => v[k]);
  function el(tag, attrs, ...kids) {
    const e = D.createElement(tag);
    for (const k in attrs || {}) k.startsWith('on') ? e[k] = attrs[k] : e.setAttribute(k, attrs[k]);
    e.append(...kids.filter(k => k != null));
    return e;
  }
  const when = iso => new Date(iso).toLocaleString(LANG, {dateStyle: 'medium', timeStyle: 'short'});
  const pct = n => (n / 100).toLocaleString(LANG, {style: 'percent'});
  const uuid = () => crypto.randomUUID ? crypto.randomUUID() :
    '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, c =>
      (c ^ crypto.getRandomValues(new Uint8Array(1))[0] & 15 >> c / 4).toString(16));
  const json = key => window.caches ? caches.match(key).then(r => r && r.json()).catch(() => null) : Promise.resolve(null);

  /* Who is signed in: a page kept on the phone may be older than the last one seen, so the newest
     page (or the server's own answer) says who it is; data-t is when the page was made. When
     someone else signs in, the team kept by the previous tutor leaves the phone. (Nothing is
     noted while nobody has signed in on this phone: app.js loads this file when something is.) */
  function remember(user, at) {
    try {
      const was = localStorage.getItem('ol-user');
      if (!was && !user) return;
      const seen = JSON.parse(was || '{"t":0}');
      if (seen.t >= at) return USER = seen.u;
      USER = String(user || '');
      if (seen.u != USER && window.caches) caches.delete('team');
      localStorage.setItem('ol-user', JSON.stringify({u: USER, t: at}));
    } catch (e) { /* private mode: the page's word only */ }
  }
  remember(USER, +ME.dataset.t || 0);
  strings();  // fetched now, while online: the words are needed when the connection is gone

  /* ---- The outbox (IndexedDB): survives closing the browser. ---- */
  let idb;
  const open = () => idb || (idb = new Promise((ok, ko) => {
    const r = indexedDB.open('learning', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('outbox', {keyPath: 'id'});
    r.onsuccess = () => ok(r.result);
    r.onerror = () => ko(r.error);
  }));
  const tx = (mode, fn) => open().then(db => new Promise((ok, ko) => {
    const t = db.transaction('outbox', mode), r = fn(t.objectStore('outbox'));
    t.oncomplete = () => ok(r && r.result);
    t.onerror = () => ko(t.error);
  }));
  const all = () => tx('readonly', s => s.getAll());
  const put = items => tx('readwrite', s => items.forEach(i => s.put(i)));
  const mine = items => items.filter(i => i.by == USER && i.title);  // (lessons opened: not listed)
  const pendingOf = items => items.filter(i => i.state == 'pending');
  const MONTH = 2592e6, h1 = () => D.querySelector('h1').textContent.trim();
  const fresh = (type, more) => ({id: uuid(), type, at: new Date().toISOString(), state: 'pending', by: USER, ...more});

  /* ---- Sending, in batches, with back-off. ---- */
  let busy = null, delay = 0, timer = 0, pending = 0, asks = 0;
  const wire = ({state, by, title, who, sent, why, passed, at, error, existing, note, ...rest}) => ({...rest, submitted_at: at});
  const sync = () => busy || (busy = send().finally(() => { busy = null; return show(); }));

  async function send() {
    if (!USER || !pendingOf((await all()).filter(i => i.by == USER)).length) return;
    try {
      const who = await fetch(API, {signal: limit(15000)});
      if (signedOut = who.status == 401) return;
      if (!who.ok) throw who.status;
      const me = await who.json();
      remember(me.user, me.now);
      const items = pendingOf((await all()).filter(i => i.by == me.user));
      for (let k = 0; k < items.length; k += me.max_events) {
        const batch = items.slice(k, k + me.max_events);
        const r = await fetch(API, {method: 'POST', signal: limit(30000), body: JSON.stringify({events: batch.map(wire)}),
          headers: {...JSON_TYPE.headers, 'X-CSRFToken': me.csrf_token}});
        if (!r.ok) throw r.status;
        const now = new Date().toISOString();
        (await r.json()).results.forEach((res, n) => Object.assign(batch[n], res.status == 'refused'
          ? {state: 'refused', why: res.message, error: res.error, existing: res.existing} : {state: 'sent', sent: now, passed: res.passed, note: res.message}));
        await put(batch);
      }
      delay = 0;
      tx('readwrite', s => { s.openCursor().onsuccess = e => {  // what was sent a month ago goes
        const c = e.target.result;
        if (c) { if (c.value.state != 'pending' && Date.now() - Date.parse(c.value.at) > MONTH) c.delete(); c.continue(); }
      }; });
    } catch (e) {
      delay = Math.min(delay * 2 || 5000, 300000);
      clearTimeout(timer);
      timer = setTimeout(sync, delay / 2 + Math.random() * delay / 2);
    }
  }

  /* ---- What is saved on this phone and not yet sent. ---- */
  async function show() {
    const everyone = await all(), items = mine(everyone), was = pending + asks, box = D.getElementById('ol-outbox');
    pending = pendingOf(items).length;
    asks = items.filter(asking).length;
    let bar = D.getElementById('ol-bar');
    if (!pending && !asks && !bar && !box && !D.querySelector('[data-item]')) return;
    const t = await strings();
    for (const i of items) D.querySelectorAll(`[data-item="${i.id}"]`).forEach(e => e.textContent = status(i, t));
    if (pending || asks || (was && bar)) {
      bar = bar || D.getElementById('main').insertAdjacentElement('afterbegin', el('p', {id: 'ol-bar', class: 'flash', role: 'status'}));
      bar.replaceChildren(...[pending ? fill(t.pending, {n: pending}) : asks ? fill(t.asks, {n: asks}) : t.all_sent, ' ', signedOut ? t.sign_in_to_send + ' ' : '',
        pending && online() ? el('button', {class: 'link', type: 'button', onclick: sync}, t.send_now) : '',
        (pending || asks) && !box ? el('a', {href: '/offline'}, t.see_all) : '']);
    }
    if (box) {
      const others = pendingOf(everyone.filter(i => i.title)).length - pending;
      box.replaceChildren(...items.sort((a, b) => b.at < a.at ? -1 : 1).slice(0, 50).map(i =>
        el('p', {}, el('strong', {}, i.title), i.who ? ' ' + fill(t.for_learner, {n: i.who}) : '',
          ' · ' + when(i.at) + ' · ', el('span', {'data-item': i.id}, status(i, t)), el('span', {'data-fix': i.id}))));
      if (!items.length) box.append(el('p', {class: 'meta'}, t.nothing_pending));
      if (others) box.append(el('p', {class: 'meta'}, fill(t.others_waiting, {n: others})));
    }
    if (X.fix) for (const i of items) D.querySelectorAll(`[data-fix="${i.id}"]`).forEach(e => e.replaceChildren(...X.fix(i, t)));
  }
  const status = (i, t) => i.state == 'pending' ? t.pending_one : i.state == 'sent'
    ? fill(t.sent, {when: when(i.sent)}) + (i.note ? ' · ' + i.note : '') : fill(t.refused, {why: i.why});
  // A sign-up that may be someone on the team's list: its tutor says who (team.js, X.fix).
  const asking = i => i.state == 'refused' && i.error == 'possible_duplicate';

  /* ---- Saved for offline use (Cache Storage): a course (or a tutor's team, team.js). ---- */
  const packKey = id => `/offline/saved/${id}.json`;
  const packUrl = id => `/offline/packs/${LANG}/${id}.json`;
  const savedAs = name => caches.has(name).then(h => h && caches.open(name).then(c => c.match(packKey(name))).then(r => r && r.json())).catch(() => null);

  async function keep(cache, pairs) {  // [[key, address]…] -> bytes kept
    let bytes = 0;
    for (const [key, from] of pairs) {
      const r = await fetch(from);
      if (!r.ok) throw r.status;
      bytes += (await r.clone().blob()).size;
      await cache.put(key, r);
    }
    return bytes;
  }

  /* The service worker, installed only once something is saved; it keeps the shell in the page's
     language (registered again with the other language's address when the person switches). */
  const worker = () => navigator.serviceWorker.register('/sw.js?lang=' + LANG).then(() => navigator.serviceWorker.ready);

  // The pack at ``from`` in the cache ``name``: its pages and files, and what ``also`` adds.
  async function save(name, from, also) {
    await worker().catch(() => {});
    const pack = await (await fetch(from)).json();
    const fresh = !(await caches.has(name)), cache = await caches.open(name);
    try {
      pack.bytes = JSON.stringify(pack).length + await keep(cache, pack.pages.map(p => [p.url, p.from])
        .concat(pack.files.map(f => [f, f]), also ? also(pack) : []));
      await cache.put(packKey(name), new Response(JSON.stringify(pack), JSON_TYPE));
      if (pack.course) await cache.put(packKey(pack.course), new Response(JSON.stringify(pack), JSON_TYPE));
      navigator.storage && navigator.storage.persist && navigator.storage.persist();
      const shells = (await caches.keys()).filter(k => k.startsWith('shell-'));  // as the person now sees them
      await Promise.all(shells.map(k => caches.open(k).then(c => c.addAll(['/', '/offline'])))).catch(() => {});
    } catch (e) {
      if (fresh) await caches.delete(name);
      throw e;
    }
  }

  async function saveBox(box, name, from, also, said = 'saved') {
    const t = await strings(), note = el('p', {class: 'meta', role: 'status'}), button = el('button', {class: 'btn2', type: 'button'});
    box.append(note, button);
    const draw = pack => {
      note.textContent = pack ? fill(t[said], {n: Math.ceil(pack.bytes / 1024) + ' KB'}) : '';
      button.textContent = pack ? t.remove : t.save;
      button.hidden = !pack && !online();
    };
    const again = () => save(name, from, also).then(() => savedAs(name).then(draw));
    button.onclick = async () => {
      if (await savedAs(name)) return caches.delete(name).then(() => draw(null));
      button.disabled = true;
      note.textContent = t.saving;
      await again().catch(() => { note.textContent = t.save_failed; });
      button.disabled = false;
    };
    const pack = await savedAs(name);
    draw(pack);
    if (pack && online() && pack.hash) {  // keep a saved course up to date with the site
      fetch(from, {cache: 'no-cache'}).then(r => r.json()).then(p => p.hash != pack.hash && again()).catch(() => {});
    }
  }

  /* ---- Quizzes: marked here, recorded through the outbox. ---- */
  function answersOf(form) {
    const answers = {};
    for (const q of form.querySelectorAll('fieldset.q[id]')) {
      const i = q.id.slice(1), selects = [...q.querySelectorAll('select')];
      if (selects.length) {
        const pos = selects.map(s => [+s.value, +s.name.split('-')[1]]);
        if (new Set(pos.map(p => p[0])).size != pos.length || pos.some(p => !p[0])) return null;
        answers[i] = pos.sort((a, b) => a[0] - b[0]).map(p => p[1]);
      } else {
        answers[i] = [...q.querySelectorAll('input:checked')].map(c => +c.value);
        if (!answers[i].length) return null;
      }
    }
    return answers;
  }

  function mark(lesson, answers, passMark) {
    const right = lesson.quiz.map((q, i) => String(q.kind == 'multiple' ? [...answers[i]].sort((a, b) => a - b) : answers[i]) == String(q.right));
    const score = Math.floor(100 * right.filter(Boolean).length / right.length);
    return {right, score, passed: score >= passMark};
  }

  function review(q, given, right, t) {
    const chosen = q.kind == 'order'
      ? [el('p', {}, t.your_order), el('ol', {}, ...given.map(s => el('li', {}, q.choices[s]))), el('p', {class: 'why'}, q.why)]
      : [el('ul', {}, ...given.map(c => el('li', {}, q.choices[c], el('br'), el('span', {class: 'why'}, q.feedback[c]))))];
    return el('li', {class: right ? 'right' : 'wrong'}, el('p', {}, el('strong', {}, q.text)),
      el('p', {}, right ? '✓ ' + t.right : '✗ ' + t.wrong), ...chosen);
  }

  async function result(form, item, lesson, passMark) {
    const t = await strings(), out = el('section', {tabindex: '-1', class: 'marked'});  // not a box: the review's boxes inside keep the column wide
    if (lesson) {
      const m = mark(lesson, item.answers, passMark);
      out.append(el('div', {class: 'result ' + (m.passed ? 'pass' : 'fail'), role: 'status'},
        el('p', {class: 'score'}, fill(t.score, {n: pct(m.score)})), el('p', {}, m.passed ? t.passed : fill(t.failed, {n: pct(passMark)}))),
      el('ol', {class: 'review'}, ...lesson.quiz.map((q, i) => review(q, item.answers[i], m.right[i], t))));
      if (m.passed && lesson.next && !item.who) out.append(el('p', {}, el('a', {class: 'btn', href: lesson.next}, fill(t.next, {n: lesson.next_title}))));
    } else out.append(el('p', {role: 'status'}, t.marked_later));
    if (item.id) out.append(el('p', {class: 'flash'}, item.who ? fill(t.for_learner, {n: item.who}) + ': ' : '', el('span', {'data-item': item.id}, status(item, t))));
    out.append(el('p', {}, el('button', {class: 'btn2', type: 'button', onclick: () => { out.remove(); form.hidden = false; form.reset(); }}, t.try_again)));
    form.hidden = true;
    form.after(out);
    out.focus();
  }

  function say(form, text) {
    const p = form.querySelector('.ol-say') || form.insertAdjacentElement('afterbegin', el('p', {class: 'err ol-say', role: 'alert'}));
    p.textContent = text;
  }

  // ``tutored``: the person a tutor goes through the lesson with (team.js), and how; else oneself.
  async function submitQuiz(e, form, course, lesson, tutored) {
    const answers = answersOf(form), learner = tutored && tutored.learner;
    if (!window.indexedDB || online() && (!answers || !USER || learner)) return;  // the site answers, as without script
    e.preventDefault();
    const t = await strings(), pack = await json(packKey(course)), quiz = pack && pack.lessons.find(l => l.id == lesson);
    if (!answers) return say(form, t.answer_all);
    if (!USER) return quiz ? result(form, {answers}, quiz, pack.pass_mark) : say(form, t.offline_check);
    const item = fresh('quiz_attempt', {course, lesson, answers, title: h1(), learner: +USER, method: 'self', ...tutored,
      passed: quiz && mark(quiz, answers, pack.pass_mark).passed});
    try {
      await put([item]);
    } catch (err) {  // the phone will not keep it (private browsing…): the site answers
      return form.submit();
    }
    const button = form.querySelector('button:not([type=button])'), label = button.textContent;
    button.disabled = true;
    button.textContent = t.sending;
    await sync();
    button.disabled = false;
    button.textContent = label;
    const [sent] = (await all()).filter(i => i.id == item.id && i.state == 'sent');
    if (sent) return location.assign(learner ? `/learners/${learner}/attempts/${item.id}` : `/courses/${course}/${lesson}/attempts/${item.id}`);
    result(form, item, quiz, pack && pack.pass_mark);
  }

  async function opened(course, lesson, learner) {  // a lesson opened with no connection: started
    if (!USER || online()) return;
    const who = +(learner || USER), items = await all();
    if (items.some(i => i.state == 'pending' && i.type == 'lesson_started' && i.course == course && i.lesson == lesson && i.learner == who)) return;
    put([fresh('lesson_started', {course, lesson, learner: who, method: learner ? 'tutor' : 'self'})]);
  }

  /* ---- Wiring (team.js's own first, on a tutor's pages). ---- */
  const SW = 'serviceWorker' in navigator && 'caches' in window;
  if (window.olTeam) X = olTeam({SW, el, fill, say, strings, all, put, fresh, sync, show, status, asking, h1, me: () => USER,
    uuid, json, packKey, packUrl, saveBox, submitQuiz, opened});
  D.addEventListener('submit', e => {
    const form = e.target;
    if (form.id == 'quiz') return submitQuiz(e, form, ...form.getAttribute('action').split('/').slice(2, 4));
    if (form.getAttribute('action') == '/signout' && pending && !form.dataset.ok) {
      e.preventDefault();  // (the next page, signed out, takes a tutor's team off the phone)
      sync().then(strings).then(t => {
        if (pending && !confirm(t.sign_out_warning)) return;
        form.dataset.ok = 1;
        form.requestSubmit();
      });
    }
  });
  addEventListener('online', sync);
  if (SW) {
    navigator.serviceWorker.getRegistration().then(r => r && worker()).catch(() => {});  // (this language's)
    const path = location.pathname, [, c, id] = path.split('/'), quiz = D.getElementById('quiz');
    const course = (b, id) => saveBox(b, 'course-' + id, packUrl(id));
    if (D.getElementById('ol-page')) {
      D.getElementById('ol-nojs').hidden = true;
      if (path != '/offline') strings().then(t => { const p = D.getElementById('ol-away'); p.textContent = t.not_saved_page; p.hidden = false; });
    }
    D.querySelectorAll('[data-course]').forEach(b => course(b, b.dataset.course));
    if (c == 'courses' && id && D.querySelector('ol.lessons')) course(D.querySelector('main .meta').insertAdjacentElement('afterend', el('div', {class: 'ol-save'})), id);
    if (quiz) opened(...quiz.getAttribute('action').split('/').slice(2, 4));
  }
  if (window.indexedDB) show().then(sync).catch(() => {});
  D.documentElement.dataset.offline = 'ready';
})();

/* Every page: the "Listen" button, and the offline features (offline.js), loaded only where they
   are used: something saved or waiting on this phone, a page to save a course from, a tutor's
   pages (on those of their team's work, with team.js, run first: data-team-js), or a quiz
   answered signed in (kept in the outbox if the connection drops). An enhancement only: every
   page works without it. */
(() => {
  'use strict';
  const D = document, ME = D.currentScript, SW = 'serviceWorker' in navigator && 'caches' in window;
  let loading = null;
  const script = src => new Promise((onload, onerror) =>  // (run in the order added)
    D.head.append(Object.assign(D.createElement('script'), {src, async: false, onload, onerror})));
  const load = () => loading || (loading = (ME.dataset.teamJs && script(ME.dataset.teamJs).catch(() => {}), script(ME.dataset.offline)));
  let used = false;
  try { used = localStorage.getItem('ol-user') != null; } catch (e) { /* private mode */ }
  if (used || (SW && navigator.serviceWorker.controller) || ME.dataset.team ||
      D.querySelector('#ol-page, [data-course], ol.lessons') || ME.dataset.user && D.querySelector('#quiz, #tutor-quiz')) load();
  else addEventListener('submit', e => {  // a quiz answered with no connection: say what to do
    if (navigator.onLine || e.target.id != 'quiz' || loading) return;
    e.preventDefault();
    load().then(() => e.target.requestSubmit(), () => e.target.submit());
  });

  /* ---- Listen: the lesson read aloud in its language, where the phone has a voice for it. ---- */
  const article = D.querySelector('article.lesson[lang]');
  if (!article || !('speechSynthesis' in window)) return;
  const voice = () => speechSynthesis.getVoices().find(v => v.lang.toLowerCase().replace('_', '-').split('-')[0] == article.lang);
  let button;
  const label = on => { button.textContent = on ? ME.dataset.stop : ME.dataset.listen; button.setAttribute('aria-pressed', on); };
  const add = () => {
    if (button || !voice()) return;
    button = D.createElement('button');
    button.className = 'btn2';
    button.type = 'button';
    button.onclick = () => {
      const on = !speechSynthesis.speaking;
      speechSynthesis.cancel();
      label(on);
      if (!on) return;
      const parts = [...article.querySelectorAll('h1,h2,p,li')].filter(e => !e.closest('.meta,.flash') && !e.querySelector('p'));
      parts.forEach((e, n) => {
        const u = new SpeechSynthesisUtterance(e.textContent);
        u.lang = article.lang;
        u.voice = voice();
        if (n == parts.length - 1) u.onend = () => label(false);
        speechSynthesis.speak(u);
      });
    };
    label(false);
    article.querySelector('h1').after(button);
  };
  add();
  speechSynthesis.addEventListener('voiceschanged', add);
})();

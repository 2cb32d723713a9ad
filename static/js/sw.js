/* The service worker, served at /sw.js so that it covers the whole site. The server puts VERSION
   and SHELL (the pages and files every phone keeps) in front of this file.
   - Pages: from the network, refreshing the copy the phone keeps; the kept copy when there is no
     connection, or when the network takes more than 4 seconds; else the "On this phone" page.
   - Static files (their URL changes with their content): the kept copy first.
   - Saved courses live in caches named "course-<id>", a tutor's team in "team" (with team.js and
     its words), filled by the page (offline.js, team.js). A tutoring page of any person on the
     roster stands in for a person's own.
   - Never POSTs, never the API. */
const SHELL_CACHE = 'shell-' + VERSION, SLOW = 4000, OPTS = {ignoreVary: true};
const STAND_INS = [[/^\/learners\/\d+\/tutor\/([^/]+)\/([^/]+)$/, '/offline/tutor/$1/$2'], [/^\/learners\/\d+$/, '/offline/tutor/learner']];
const standIn = path => STAND_INS.reduce((found, [re, to]) => found || (re.test(path) && path.replace(re, to)), '');

self.addEventListener('install', e => e.waitUntil(
  caches.open(SHELL_CACHE).then(c => c.addAll(SHELL)).then(() => self.skipWaiting())));

self.addEventListener('activate', e => e.waitUntil(caches.keys()
  .then(keys => Promise.all(keys.filter(k => k.startsWith('shell-') && k != SHELL_CACHE).map(k => caches.delete(k))))
  .then(() => self.clients.claim())));

self.addEventListener('fetch', e => {
  const req = e.request, url = new URL(req.url);
  if (req.method != 'GET' || url.origin != location.origin || url.pathname.startsWith('/api/')) return;
  e.respondWith(url.pathname.startsWith('/static/') ? staticFile(req) : page(e, req));
});

async function staticFile(req) {
  const kept = await caches.match(req, OPTS);
  if (kept) return kept;
  try {
    return await fetch(req);
  } catch (err) {  // a page kept with an older version of the file
    return (await caches.match(req, {ignoreVary: true, ignoreSearch: true})) || Response.error();
  }
}

async function page(e, req) {
  const network = fetch(req).then(res => {
    if (res.ok && res.type == 'basic') e.waitUntil(refresh(req, res.clone()));
    return res;
  });
  e.waitUntil(network.catch(() => null));
  const path = new URL(req.url).pathname, stand = standIn(path);
  const kept = await caches.match(req, OPTS) || (stand && await caches.match(stand, OPTS));
  const fallback = async () => kept || await caches.match(path, OPTS) ||
    (req.mode == 'navigate' && await caches.match('/offline', OPTS)) || Response.error();
  if (!kept) return network.catch(fallback);
  const slow = new Promise(ok => setTimeout(() => ok(kept), SLOW));
  return Promise.race([network.then(res => res.status >= 500 ? kept : res, () => kept), slow]);
}

async function refresh(req, res) {  // keep the kept copies up to date
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    if (await cache.match(req, OPTS)) await cache.put(req, res.clone());
  }
}

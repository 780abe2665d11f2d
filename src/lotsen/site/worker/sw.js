// Lotsen service worker: generated at build time. Same origin only.
//
// Three caches, so that a publish does not empty what a reader has saved:
// - the shell (stylesheet, script, start, search and offline pages), named after
//   its own contents: a new shell replaces only the old shell;
// - the pages read, kept across publishes, each stored with a hash of its own
//   content (the footer's build line left out), replaced only when the site's
//   offline.json says that page changed, and bounded: the least recently read go first;
// - other files (search index, process maps), fetched once and kept.
const SHELL = "lotsen-skal-__SHELL__";
const PAGES = "lotsen-sidor";
const FILES = "lotsen-filer";
const CORE = __CORE__;
const MAX_PAGES = __MAX_PAGES__;
const scope = self.registration.scope;
const OFFLINE = new URL("offline.html", scope).href;
const INDEX = new URL("offline.json", scope).href;
// Files whose name stays the same when their content changes: always asked for first.
const FRESH = /(?:\/offline\.json|\/manifest\.webmanifest|\/pagefind\/pagefind\.js|\/pagefind\/(?:andrat\/)?pagefind-entry\.json|\/pagefind\/lotsen-delar\.json)$/;
let checked = 0;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL)
    .then((cache) => cache.addAll(CORE.map((p) => new URL(p, scope).href)))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((k) => k.startsWith("lotsen-") && k !== SHELL && k !== PAGES && k !== FILES).map((k) => caches.delete(k))
  )).then(() => self.clients.claim())
    // The page that installed the worker was fetched before it ran: keep it too.
    .then(() => self.clients.matchAll({ type: "window" }))
    .then((clients) => Promise.all(clients.map((client) => save(client.url))))
    .then(() => refresh()));
});

/** The hash of a page as offline.json gives it: its text without the footer's build line. */
function pageHash(text) {
  const own = text.replace(/<p class="build">[\s\S]*?<\/p>/, "");
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(own)).then((digest) =>
    Array.from(new Uint8Array(digest)).map((b) => b.toString(16).padStart(2, "0")).join("").slice(0, 16));
}

function pageKey(url) {
  const u = new URL(url);
  u.search = ""; u.hash = "";
  return u.href;
}

/** The page's path under the site as offline.json names it: its file's name as written
 *  (a name with å, ä, ö, a space, # or ? is percent-encoded in its address). */
function pagePath(url) {
  const path = url.slice(scope.length) || "index.html";
  try { return decodeURIComponent(path); } catch (e) { return path; }
}

/** Keep a page with its hash and the time it was read; a file opened as a page (a
 *  workbook, a binder's PDF) is kept as it came, with the other files. */
function keep(url, response) {
  if (!response || !response.ok || response.type !== "basic" || response.redirected) return Promise.resolve();
  if (!(response.headers.get("content-type") || "").includes("text/html")) {
    const copy = response.clone();
    return caches.open(FILES).then((cache) => cache.put(pageKey(url), copy));
  }
  return response.clone().text().then((text) => pageHash(text).then((hash) => {
    const headers = new Headers(response.headers);
    headers.set("x-lotsen-hash", hash);
    headers.set("x-lotsen-read", String(Date.now()));
    return caches.open(PAGES).then((cache) => cache.put(pageKey(url), new Response(text, { status: 200, headers })));
  })).then(trim);
}

function save(url) {
  return fetch(url, { cache: "no-cache" }).then((r) => keep(url, r)).catch(() => null);
}

/** A page read from the phone's copy counts as read now. */
function touch(key, response) {
  const headers = new Headers(response.headers);
  headers.set("x-lotsen-read", String(Date.now()));
  return response.clone().text().then((text) =>
    caches.open(PAGES).then((cache) => cache.put(key, new Response(text, { status: 200, headers }))));
}

/** At most MAX_PAGES pages: the least recently read are dropped first. */
function trim() {
  return caches.open(PAGES).then((cache) => cache.keys().then((keys) => {
    if (keys.length <= MAX_PAGES) return null;
    return Promise.all(keys.map((k) => cache.match(k).then((r) => [k, Number(r.headers.get("x-lotsen-read") || 0)])))
      .then((read) => {
        read.sort((a, b) => a[1] - b[1]);
        return Promise.all(read.slice(0, keys.length - MAX_PAGES).map((e) => cache.delete(e[0])));
      });
  }));
}

/** Compare the saved pages with the site's list: a changed page is fetched again, a
 *  page no longer on the site is dropped, an unchanged one is left as it is. */
function refresh() {
  checked = Date.now();
  return fetch(INDEX, { cache: "no-cache" }).then((r) => {
    if (!r.ok) return null;
    const copy = r.clone();
    return caches.open(FILES).then((cache) => cache.put(INDEX, copy)).then(() => r.json());
  }).then((site) => {
    if (!site) return null;
    return caches.open(PAGES).then((cache) => cache.keys().then((keys) => Promise.all(keys.map((key) => {
      const hash = site.pages[pagePath(key.url)];
      if (hash === undefined) return cache.delete(key);
      return cache.match(key).then((r) => {
        if (r && r.headers.get("x-lotsen-hash") === hash) return null;
        return fetch(key.url, { cache: "no-cache" }).then((fresh) => {
          if (!fresh.ok) return null;
          return fresh.clone().text().then((text) => pageHash(text).then((h) => {
            const headers = new Headers(fresh.headers);
            headers.set("x-lotsen-hash", h);
            headers.set("x-lotsen-read", (r && r.headers.get("x-lotsen-read")) || String(Date.now()));
            return cache.put(key, new Response(text, { status: 200, headers }));
          }));
        }).catch(() => null);
      });
    }))));
  }).catch(() => null);
}

function remember(cacheName, request, response) {
  if (response && response.ok && response.type === "basic") {
    const copy = response.clone();
    caches.open(cacheName).then((cache) => cache.put(request, copy));
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Only this site's own files are ever cached.
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    const key = pageKey(request.url);
    const inShell = CORE.some((p) => new URL(p, scope).href === key);
    // Pages: the newest version when there is a network, the saved one when not,
    // and the offline page, which says so, when the page was never saved.
    event.respondWith(fetch(request).then((r) => {
      event.waitUntil(keep(request.url, r).then(() => (Date.now() - checked > 600000 ? refresh() : null)));
      return r;
    }).catch(() => caches.match(key, { cacheName: PAGES }).then((hit) => {
      if (hit) { event.waitUntil(touch(key, hit)); return hit; }
      return caches.match(key, { cacheName: SHELL }).then((shell) => shell || caches.match(key, { cacheName: FILES }))
        .then((shell) => {
        if (shell) return shell;
        const page = key.startsWith(scope) ? key.slice(scope.length) : "";
        return inShell ? caches.match(OFFLINE) : Response.redirect(OFFLINE + "?sida=" + encodeURIComponent(page), 302);
      });
    })));
    return;
  }
  if (FRESH.test(url.pathname)) {
    event.respondWith(fetch(request).then((r) => remember(FILES, request, r))
      .catch(() => caches.match(request, { ignoreSearch: true, cacheName: FILES })));
    return;
  }
  // Files: the shell's copy (one shell, so a file's ?v= checksum can be ignored), then
  // a kept copy, fetched and kept the first time.
  event.respondWith(caches.match(request, { ignoreSearch: true, cacheName: SHELL })
    .then((hit) => hit || caches.match(request, { cacheName: FILES }))
    .then((hit) => hit || fetch(request).then((r) => remember(FILES, request, r))));
});

// "Spara min enhets rutiner": the page sends the addresses, the worker saves them all.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "spara" || !Array.isArray(data.pages)) return;
  const same = (u) => new URL(u, scope).origin === self.location.origin;
  const pages = data.pages.filter(same).map((u) => new URL(u, scope).href);
  const files = (data.files || []).filter(same).map((u) => new URL(u, scope).href);
  event.waitUntil(Promise.all(pages.map((u) => save(u)))
    .then(() => caches.open(FILES).then((cache) => Promise.all(files.map((u) => cache.add(u).catch(() => null)))))
    .then(() => event.source && event.source.postMessage({ type: "sparat", pages: pages.length })));
});

// Wat telt service worker. Keeps the data-free app shell on the device; never stores a page with
// personal data. Pages: network first, the offline page when there is no network. Versioned static
// files: from the cache first (their address changes with their content).
"use strict";
const CACHE = "wattelt-shell-{{ version }}";
const SHELL = {{ shell | tojson }};
const OFFLINE = {{ offline | tojson }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("wattelt-") && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  // Any page, also one a sent form leads to: from the network, or the offline page without one.
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE).then((page) => page || Response.error())));
    return;
  }
  if (request.method !== "GET") {
    return;
  }
  if (url.pathname.startsWith("/static/") && url.searchParams.has("v")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request).then((response) => {
      // Kept only when it is the version the address asks for (during a release, a server may
      // still answer with the old file); the cache goes with this service worker's version.
      const etag = response.headers.get("ETag") || "";
      if (response.ok && etag.includes(url.searchParams.get("v"))) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(request, copy));
      }
      return response;
    })));
  }
});

{% load static %}/* Keeps the pages a reader opened, and those they saved, readable without a connection.
   Nothing leaves the device: this worker only fills and reads the browser's own cache. */
"use strict";

const PAGES = "pages-v1";
const STATIC = "static-v1";
const CORE = ["{% static 'css/site.css' %}", "{% static 'js/portal.js' %}"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC).then((cache) => cache.addAll(CORE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== PAGES && key !== STATIC).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

function isPage(url) {
  return url.origin === self.location.origin && /^\/(fr|nl|en|ar|ro|es)\//.test(url.pathname);
}

// A copy from the cache says so: the page's hidden offline notice is shown.
async function markedAsSaved(response) {
  const html = await response.text();
  return new Response(html.replace('class="notice offline-notice" hidden', 'class="notice offline-notice"'), {
    headers: { "Content-Type": "text/html; charset=utf-8" },
  });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (url.pathname.startsWith("/static/")) {
    // Static names are hashed, so a cached copy is always right.
    event.respondWith(
      caches.match(request).then((cached) => cached || fetch(request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(STATIC).then((cache) => cache.put(request, copy));
        }
        return response;
      }))
    );
    return;
  }

  if (request.mode === "navigate" && isPage(url)) {
    // Network first, so readers online always get the current text: the browser's own cache
    // may keep pages for minutes (Cache-Control), so ask the server again (a 304 when
    // nothing changed) and, without a connection, fall back to the copy saved here.
    event.respondWith(
      fetch(url.href, { cache: "no-cache", credentials: "same-origin", redirect: "manual" })
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(PAGES).then((cache) => cache.put(url.pathname, copy));
          }
          return response;
        })
        .catch(() => caches.open(PAGES)
          .then((cache) => cache.match(url.pathname))
          .then((cached) => (cached ? markedAsSaved(cached) : Response.error())))
    );
  }
});

self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "save") return;
  const urls = (event.data.urls || []).filter((path) => isPage(new URL(path, self.location.origin)));
  const port = event.ports[0];
  event.waitUntil(
    caches.open(PAGES)
      .then((cache) => Promise.all(urls.map((path) => fetch(path).then((response) => {
        if (!response.ok) throw new Error(path);
        return cache.put(path, response);
      }))))
      .then(() => port && port.postMessage({ ok: true }))
      .catch(() => port && port.postMessage({ ok: false }))
  );
});

// The save queue: every change made on the board is kept on this device (IndexedDB) until the
// server has stored it, then removed. Changes are sent in the order they were made, each with its
// own id, so sending one twice stores it once. Loaded on every page, so what was saved offline is
// sent as soon as any page of the app is open with a connection. Each change belongs to the person
// who made it and is only ever sent in their session. Cleared at sign-out.
(function () {
  "use strict";
  var DATABASE = "wattelt", STORE = "saves", FIRST_RETRY_MS = 5000, LAST_RETRY_MS = 300000;
  var listeners = [];
  var session = null;      // {token, user} from the server: whose session this page is in
  var running = null;
  var retryDelay = FIRST_RETRY_MS, retryTimer = null, signedOut = false;

  function request(idbRequest) {
    return new Promise(function (resolve, reject) {
      idbRequest.onsuccess = function () { resolve(idbRequest.result); };
      idbRequest.onerror = function () { reject(idbRequest.error); };
    });
  }

  var database = null;
  function open() {
    if (!database) {
      database = Promise.resolve().then(function () {
        var opening = indexedDB.open(DATABASE, 1);
        opening.onupgradeneeded = function () { opening.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true }); };
        return request(opening);
      });
    }
    return database;
  }
  function store(mode) { return open().then(function (db) { return db.transaction(STORE, mode).objectStore(STORE); }); }
  function all() { return store("readonly").then(function (s) { return request(s.getAll()); }); }
  function count() { return store("readonly").then(function (s) { return request(s.count()); }); }
  function remove(seq) { return store("readwrite").then(function (s) { return request(s.delete(seq)); }); }
  function clear() {
    draftKeys().forEach(function (key) { localStorage.removeItem(key); });
    return store("readwrite").then(function (s) { return request(s.clear()); });
  }

  function emit(kind, detail) {
    listeners.forEach(function (listener) { listener(kind, detail || {}); });
  }

  // The token and the user of this page's session, asked from the server (also on the offline page).
  function currentSession(fresh) {
    if (session && !fresh) { return Promise.resolve(session); }
    return fetch("/api/csrf-token", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (answer) { session = answer; return session; });
  }

  function post(item, fresh) {
    return currentSession(fresh).then(function (current) {
      return fetch(item.url, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": current.token },
        body: JSON.stringify(item.body)
      });
    });
  }

  // What the server said: a JSON answer, or null (a proxy's page, a captive portal, a crash).
  function answerOf(response) {
    var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
    return json ? response.json().catch(function () { return null; }) : Promise.resolve(null);
  }

  var REFUSED = [400, 403, 404, 409, 422];

  // One change: "done" (stored, or refused for good and said), "later" (try again), "stop".
  function deliver(item) {
    return post(item, false).then(function (response) {
      return answerOf(response).then(function (answer) {
        var error = (answer && answer.error) || {};
        if (response.status === 400 && error.reason === "csrf") {
          return post(item, true).then(function (again) { return answerOf(again).then(function (a) { return [again, a]; }); });
        }
        return [response, answer];
      });
    }).then(function (pair) {
      var response = pair[0], answer = pair[1], error = (answer && answer.error) || {};
      if (response.ok && answer) {
        emit("stored", { item: item, answer: answer });
        return "done";
      }
      if (response.status === 401) { signedOut = true; emit("signed-out", { message: error.message }); return "stop"; }
      if (answer && REFUSED.indexOf(response.status) >= 0 && !error.retry) {
        // Refused for good (a completed round, a value out of range): said once, never sent again.
        emit("refused", { item: item, message: error.message || "" });
        return "done";
      }
      return "later";  // a server or network trouble: kept, and tried again a little later
    });
  }

  function schedule() {
    clearTimeout(retryTimer);
    if (signedOut) { return; }
    retryTimer = setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, LAST_RETRY_MS);
  }

  // Send what this person queued, oldest first, until nothing is left (true) or the rest must wait.
  function flush() {
    if (running) { return running; }
    running = (async function () {
      var current;
      try { current = await currentSession(false); } catch (offline) { emit("waiting"); schedule(); return false; }
      // Not signed in (the session ended): the changes wait until their person signs in again.
      if (current.user === null || current.user === undefined) { return (await count()) === 0; }
      for (;;) {
        var items = await all();
        var mine = items.filter(function (item) { return item.user === current.user; });
        // Changes of someone no longer signed in on this device cannot be sent for them: gone.
        for (var n = 0; n < items.length; n += 1) { if (items[n].user !== current.user) { await remove(items[n].seq); } }
        if (!mine.length) { retryDelay = FIRST_RETRY_MS; emit("saved"); return true; }
        for (var i = 0; i < mine.length; i += 1) {
          emit("sending");
          var outcome;
          try { outcome = await deliver(mine[i]); } catch (offline) { emit("waiting"); schedule(); return false; }
          if (outcome === "stop") { return false; }
          if (outcome === "later") { emit("waiting"); schedule(); return false; }
          await remove(mine[i].seq);
        }
      }
    })().finally(function () { running = null; });
    return running;
  }

  // Keep a change and send it. Without a working IndexedDB it is sent at once, and only said
  // when that fails, so a tap is never lost without a word.
  var adding = Promise.resolve();
  function currentUser() {
    var user = document.querySelector('meta[name="wattelt-user"]');
    return user ? Number(user.content) : null;
  }

  // A change still being made (keys, typing) is written down at once, synchronously, so that a
  // page closed before the change is queued loses nothing: the next page queues it.
  var DRAFT = "wattelt-draft:";
  function draft(key, url, body) {
    try { localStorage.setItem(DRAFT + key, JSON.stringify({ url: url, body: body, user: currentUser() })); } catch (full) { /* queued soon anyway */ }
  }
  function undraft(key) {
    try { localStorage.removeItem(DRAFT + key); } catch (unavailable) { /* nothing to remove */ }
  }
  function draftKeys() {
    var keys = [];
    try {
      for (var i = 0; i < localStorage.length; i += 1) {
        if (localStorage.key(i).indexOf(DRAFT) === 0) { keys.push(localStorage.key(i)); }
      }
    } catch (unavailable) { /* no drafts */ }
    return keys;
  }
  function queueDrafts() {
    draftKeys().forEach(function (key) {
      var kept = JSON.parse(localStorage.getItem(key));
      localStorage.removeItem(key);
      addItem(kept);
    });
  }

  function enqueue(url, body) {
    return addItem({ url: url, body: body, user: currentUser() });
  }

  function addItem(item) {
    adding = adding.catch(function () {}).then(function () {
      return store("readwrite").then(function (s) { return request(s.add(item)); })
        .then(function () { emit("queued"); flush(); }, function () {
          emit("queued");
          return deliver(item).then(function (outcome) {
            if (outcome !== "done") { emit("failed"); }
          }, function () { emit("failed"); });
        });
    });
    return adding;
  }

  // Send one request now, not queued (finishing a round): resolves to {status, answer}.
  function send(url, body) {
    return post({ url: url, body: body }, false).then(function (response) {
      return answerOf(response).then(function (answer) {
        if (response.status === 400 && answer && answer.error && answer.error.reason === "csrf") {
          return post({ url: url, body: body }, true).then(function (again) {
            return answerOf(again).then(function (a) { return { status: again.status, answer: a }; });
          });
        }
        return { status: response.status, answer: answer };
      });
    });
  }

  // Resolves once every change made so far is stored (true), or must wait (false).
  function idle() {
    return adding.catch(function () {}).then(function () { return flush(); });
  }

  window.WatTelt = window.WatTelt || {};
  window.WatTelt.queue = {
    enqueue: enqueue, draft: draft, undraft: undraft, send: send, flush: flush, idle: idle, clear: clear, count: count,
    on: function (listener) { listeners.push(listener); }
  };
  if (!("indexedDB" in window)) { return; }
  window.addEventListener("online", function () { retryDelay = FIRST_RETRY_MS; flush(); });
  document.addEventListener("DOMContentLoaded", function () {
    queueDrafts();
    count().then(function (left) { if (left) { flush(); } }, function () {});
  });
})();

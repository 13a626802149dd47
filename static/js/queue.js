// The save queue: every change made on the board is kept on this device (IndexedDB) until the
// server has stored it, then removed. Changes are sent in the order they were made, each with its
// own id, so sending one twice stores it once. Loaded on every page, so what was saved offline is
// sent as soon as any page of the app is open with a connection. Cleared at sign-out.
(function () {
  "use strict";
  var DATABASE = "wattelt", STORE = "saves", RETRY_MS = 15000;
  var listeners = [];
  var token = null;
  var running = null;

  function request(idbRequest) {
    return new Promise(function (resolve, reject) {
      idbRequest.onsuccess = function () { resolve(idbRequest.result); };
      idbRequest.onerror = function () { reject(idbRequest.error); };
    });
  }

  var database = null;
  function open() {
    if (!database) {
      var opening = indexedDB.open(DATABASE, 1);
      opening.onupgradeneeded = function () { opening.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true }); };
      database = request(opening);
    }
    return database;
  }

  function store(mode) {
    return open().then(function (db) { return db.transaction(STORE, mode).objectStore(STORE); });
  }

  function all() { return store("readonly").then(function (s) { return request(s.getAll()); }); }
  function count() { return store("readonly").then(function (s) { return request(s.count()); }); }
  function remove(seq) { return store("readwrite").then(function (s) { return request(s.delete(seq)); }); }
  function clear() { return store("readwrite").then(function (s) { return request(s.clear()); }); }

  function emit(kind, detail) {
    listeners.forEach(function (listener) { listener(kind, detail || {}); });
  }

  function currentToken(fresh) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (!fresh && (token || meta)) { return Promise.resolve(token || meta.content); }
    return fetch("/api/csrf-token", { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (answer) { token = answer.token; return token; });
  }

  function send(item, fresh) {
    return currentToken(fresh).then(function (csrf) {
      return fetch(item.url, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify(item.body)
      });
    });
  }

  function answerOf(response) {
    return response.json().catch(function () { return {}; });
  }

  // One change: true when it is done with (stored, or refused for good), false to try again later.
  function deliver(item) {
    return send(item, false).then(function (response) {
      return answerOf(response).then(function (answer) {
        var error = answer.error || {};
        if (response.status === 400 && error.reason === "csrf") {
          return send(item, true).then(function (again) { return answerOf(again).then(function (a) { return [again, a]; }); });
        }
        return [response, answer];
      });
    }).then(function (pair) {
      var response = pair[0], answer = pair[1], error = answer.error || {};
      if (response.ok) {
        emit("stored", { item: item, answer: answer });
        return true;
      }
      if (response.status === 401) { emit("signed-out", { message: error.message }); return false; }
      if (error.retry) { return false; }
      // Refused for good (a completed round, a value out of range): never sent again, but said.
      emit("refused", { item: item, message: error.message || "" });
      return true;
    });
  }

  // Send what is queued, oldest first, until nothing is left (true) or the rest must wait (false).
  function flush() {
    if (running) { return running; }
    running = (async function () {
      for (;;) {
        var items = await all();
        if (!items.length) { emit("saved"); return true; }
        for (var i = 0; i < items.length; i += 1) {
          emit("sending");
          var done;
          try { done = await deliver(items[i]); } catch (offline) { emit("waiting"); return false; }
          if (!done) { return false; }
          await remove(items[i].seq);
        }
      }
    })().finally(function () { running = null; });
    return running;
  }

  var adding = Promise.resolve();
  function enqueue(url, body) {
    adding = adding.then(function () {
      return store("readwrite").then(function (s) { return request(s.add({ url: url, body: body })); });
    }).then(function () { emit("queued"); flush(); });
    return adding;
  }

  // Resolves once every change made so far is stored, or could not be sent now (true: nothing left).
  function idle() {
    return adding.then(function () { return flush(); });
  }

  window.WatTelt = window.WatTelt || {};
  window.WatTelt.queue = {
    enqueue: enqueue, flush: flush, idle: idle, clear: clear, count: count,
    on: function (listener) { listeners.push(listener); }
  };
  if (!("indexedDB" in window)) { return; }
  window.addEventListener("online", flush);
  setInterval(function () { count().then(function (left) { if (left) { flush(); } }); }, RETRY_MS);
  document.addEventListener("DOMContentLoaded", flush);
})();

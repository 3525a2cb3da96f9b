/* confsearch: search as you type and keyboard navigation. Progressive enhancement: without this file
   every page still works as a plain GET form with links. No inline script (the CSP forbids it). */
(function () {
  "use strict";

  var DELAY_MS = 180;
  var form = document.querySelector("form.search");
  var box = document.getElementById("q");
  var results = document.getElementById("results");
  var status = document.getElementById("status");
  var timer = null;
  var controller = null;
  var latest = 0;

  document.addEventListener("keydown", onKey);
  if (!form || !box || !results || !window.fetch || !window.AbortController) return;

  var suggestions = document.getElementById("suggestions");
  var suggestController = null;

  box.addEventListener("input", function (event) {
    /* A completion picked from the list arrives as one replacement: search for it, offer no list for it. */
    var picked = event.inputType === "insertReplacementText" || !event.inputType;
    clearTimeout(timer);
    timer = setTimeout(function () {
      update();
      if (!picked) suggest();
    }, DELAY_MS);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    update();
  });

  /* The URL for the form's current state: /search?q=...&filters, or / when there is nothing to search. */
  function currentUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (String(value).trim() !== "") params.append(name, value);
    });
    var query = params.toString();
    if (!params.has("q") && !hasFilter(params)) return "/";
    return form.getAttribute("action") + "?" + query;
  }

  function hasFilter(params) {
    return ["speaker", "conference", "year", "since", "until"].some(function (name) { return params.has(name); });
  }

  /* Fetch the results fragment; only the latest request may paint, older ones are aborted. */
  function update() {
    var url = currentUrl();
    var ticket = ++latest;
    if (controller) controller.abort();
    controller = new AbortController();
    results.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "X-Partial": "1" }, signal: controller.signal })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (ticket !== latest) return;
        results.innerHTML = html;  /* server-rendered, every text escaped once there */
        history.replaceState(null, "", url);
        var root = results.firstElementChild;
        if (root && root.dataset.title) document.title = root.dataset.title;
        document.body.classList.toggle("is-home", url === "/");
        var summary = results.querySelector("[data-summary]");
        if (status) status.textContent = summary ? summary.textContent.replace(/\s+/g, " ").trim() : "";
      })
      .catch(function (error) {
        if (error.name !== "AbortError" && ticket === latest && status) {
          status.textContent = "Could not reach the search server.";
        }
      })
      .then(function () {
        if (ticket === latest) results.removeAttribute("aria-busy");
      });
  }

  /* Completions from titles, speakers and conferences for the box (a native <datalist>). */
  function suggest() {
    if (!suggestions) return;
    var prefix = box.value.trim();
    if (suggestController) suggestController.abort();
    if (prefix.length < 2) {
      suggestions.replaceChildren();
      return;
    }
    suggestController = new AbortController();
    fetch("/api/suggest?q=" + encodeURIComponent(prefix), { signal: suggestController.signal })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) {
        suggestions.replaceChildren.apply(suggestions, data.suggestions.map(function (text) {
          var option = document.createElement("option");
          option.value = text;  /* text, never HTML */
          return option;
        }));
      })
      .catch(function () { /* an aborted or failed completion just shows none */ });
  }

  /* Keys: "/" focuses the box; j/k or arrows move between results; Enter follows the focused link. */
  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    var searchBox = document.getElementById("q");
    if (typing) {
      /* ArrowDown leaves the box for the results unless the completion list has something to offer. */
      var list = document.getElementById("suggestions");
      var offering = list && list.options.length > 0;
      if (target === searchBox && event.key === "ArrowDown" && !offering && move(1, true)) event.preventDefault();
      if (target === searchBox && event.key === "Escape") searchBox.blur();
      return;
    }
    if (event.key === "/" && searchBox) {
      event.preventDefault();
      searchBox.focus();
      searchBox.select();
    } else if (event.key === "j" || event.key === "ArrowDown") {
      if (move(1, false)) event.preventDefault();
    } else if (event.key === "k" || event.key === "ArrowUp") {
      if (move(-1, false)) event.preventDefault();
    }
  }

  function move(step, fromBox) {
    var links = Array.prototype.slice.call(document.querySelectorAll(".hit-title"));
    if (!links.length) return false;
    var index = fromBox ? -1 : links.indexOf(document.activeElement);
    var next = index + step;
    if (index === -1 && step < 0) return false;
    if (next < 0 && index === 0) {
      document.getElementById("q").focus();
      return true;
    }
    if (next < 0 || next >= links.length) return index !== -1;
    links[next].focus();
    links[next].closest(".hit").scrollIntoView({ block: "nearest" });
    return true;
  }
})();

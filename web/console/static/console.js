// Jobbcoach caseworker console: the only script, loaded from /console/static (the CSP forbids
// inline scripts). Progressive enhancement only; every page works without it:
// * a confirmation before a deletion (data-confirm);
// * the menu's counts and the inbox kept up to date by polling /console/api/inbox/counts (a request
//   that does not keep the session alive), the inbox's lists swapped for the server's new ones;
// * the service-level timers counting down; "Kopiera" on canned replies, and "Använd", which puts
//   one into the case's "Skriv till jobbsökaren";
// * while the caseworker holds the case, the conversation's messages fetched again from
//   /console/transcript/live and swapped in when they changed, so the jobseeker's answers appear.
"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form && form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

(function () {
  var nav = document.querySelector("nav[data-counts-url]");
  if (!nav || !window.fetch) { return; }
  var seconds = parseFloat(nav.getAttribute("data-poll-seconds")) || 10;
  var inbox = document.getElementById("inbox");
  var announcer = document.getElementById("count-announcer");
  var title = document.title;
  var openBadge = nav.querySelector('[data-count="open"]');
  var lastOpen = openBadge ? parseInt(openBadge.textContent, 10) : null;  // as the server rendered it

  function minutesText(ms) {
    var minutes = Math.floor(Math.abs(ms) / 60000);
    var text = minutes >= 1440 ? Math.floor(minutes / 1440) + " d " + Math.floor((minutes % 1440) / 60) + " h"
      : minutes >= 60 ? Math.floor(minutes / 60) + " h " + (minutes % 60) + " min" : minutes + " min";
    return ms > 0 ? "om " + text : "förfallen sedan " + text;
  }

  function tickTimers() {
    var now = Date.now();
    document.querySelectorAll(".timer[data-due]").forEach(function (timer) {
      var left = Date.parse(timer.getAttribute("data-due")) - now;
      if (isNaN(left)) { return; }
      timer.textContent = minutesText(left);
      timer.classList.toggle("is-overdue", left <= 0);
    });
  }

  function showCounts(counts) {
    nav.querySelectorAll("[data-count]").forEach(function (badge) {
      var value = counts[badge.getAttribute("data-count")];
      if (value === undefined) { return; }
      badge.firstChild.nodeValue = String(value);
      if (badge.getAttribute("data-count") === "open") {
        badge.classList.toggle("badge-urgent", counts.urgent > 0);
      }
    });
    document.title = (counts.open ? "(" + counts.open + ") " : "") + title;
    if (lastOpen !== null && counts.open > lastOpen && announcer) {
      announcer.textContent = "Ny överlämning: " + counts.open + " öppna" +
        (counts.urgent ? ", varav " + counts.urgent + " brådskande" : "") + ".";
    }
    lastOpen = counts.open;
  }

  function refreshInbox(version) {
    var lists = inbox.querySelector(".inbox-lists");
    if (!lists || lists.getAttribute("data-version") === version) { return; }
    // Not while the caseworker is using a control in the list: the swap would take it away.
    if (inbox.contains(document.activeElement) && document.activeElement !== document.body) { return; }
    fetch(inbox.getAttribute("data-list-url"), {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (answer) { return answer.ok ? answer.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        var parsed = new DOMParser().parseFromString(html, "text/html").querySelector(".inbox-lists");
        if (parsed) { lists.replaceWith(document.importNode(parsed, true)); tickTimers(); }
      })
      .catch(function () {});
  }

  function poll() {
    fetch(nav.getAttribute("data-counts-url"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (answer) {
        if (answer.status === 401) { throw new Error("logged out"); }
        return answer.json();
      })
      .then(function (counts) {
        showCounts(counts);
        if (inbox) { refreshInbox(counts.version); }
        window.setTimeout(poll, seconds * 1000);
      })
      .catch(function (error) {
        if (String(error && error.message) !== "logged out") { window.setTimeout(poll, seconds * 4000); }
      });
  }

  tickTimers();
  window.setInterval(tickTimers, 30000);
  window.setTimeout(poll, seconds * 1000);
})();

document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button[data-copy]");
  if (!button) { return; }
  var field = document.getElementById(button.getAttribute("data-copy"));
  if (!field) { return; }
  field.select();
  var done = function () { button.textContent = "Kopierad"; };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
  } else {
    document.execCommand("copy");
    done();
  }
});

document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button[data-use]");
  if (!button) { return; }
  var reply = document.getElementById(button.getAttribute("data-use"));
  var field = document.getElementById(button.getAttribute("data-target"));
  if (!reply || !field) { return; }
  field.value = reply.value;
  field.focus();
});

(function () {
  var messages = document.querySelector("section.transcript[data-live-url]");
  var nav = document.querySelector("nav[data-poll-seconds]");
  if (!messages || !window.fetch) { return; }
  var seconds = (nav && parseFloat(nav.getAttribute("data-poll-seconds"))) || 10;
  var url = messages.getAttribute("data-live-url");

  function swap(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html").querySelector("section.transcript");
    if (!parsed || parsed.getAttribute("data-version") === messages.getAttribute("data-version")) { return; }
    var atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
    var fresh = document.importNode(parsed, true);
    messages.replaceWith(fresh);
    messages = fresh;
    if (atBottom) { window.scrollTo(0, document.body.scrollHeight); }
  }

  function poll() {
    // Not logged in any more: a redirect to the login page, which is not followed.
    fetch(url, {credentials: "same-origin", redirect: "manual", headers: {"Accept": "text/html"}})
      .then(function (answer) {
        if (answer.status === 204 || answer.status === 403 || answer.type === "opaqueredirect") {
          throw new Error("stop");
        }
        return answer.ok ? answer.text() : null;
      })
      .then(function (html) {
        if (html !== null) { swap(html); }
        window.setTimeout(poll, seconds * 1000);
      })
      .catch(function (error) {
        if (String(error && error.message) !== "stop") { window.setTimeout(poll, seconds * 4000); }
      });
  }

  window.setTimeout(poll, seconds * 1000);
})();

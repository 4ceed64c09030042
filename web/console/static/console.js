// Jobbcoach caseworker console: the only script, loaded from /console/static (the CSP forbids
// inline scripts). Progressive enhancement only; every page works without it.
"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form && form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

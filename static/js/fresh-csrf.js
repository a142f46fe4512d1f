// Signing in again (e.g. in another tab) replaces the CSRF cookie; a form opened before still
// carries the old token and would be refused. Send the current cookie's token instead, so a form
// kept after an expired session goes through once the person has signed in again.
(function () {
  "use strict";
  function currentToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
  }
  document.addEventListener("htmx:configRequest", function (event) {
    var token = currentToken();
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });
  document.addEventListener("submit", function (event) {
    var token = currentToken();
    var form = event.target;
    var field = form && form.querySelector ? form.querySelector("input[name=csrfmiddlewaretoken]") : null;
    if (token && field) {
      field.value = token;
    }
  }, true);
})();

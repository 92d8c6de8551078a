// The score simulator, live: a weight or the month that changes re-submits the form (a GET,
// the same request as the button), a short pause after the last keystroke. Without
// JavaScript the "Simuler" button does the same. The focus returns to the field after the
// page reloads, so typing can go on.
(function () {
  "use strict";
  var form = document.getElementById("simulator-form");
  if (!form || !window.sessionStorage) {
    return;
  }
  var key = "simulator-focus";
  var focused = sessionStorage.getItem(key);
  if (focused) {
    sessionStorage.removeItem(key);
    var field = document.getElementById(focused);
    if (field) {
      field.focus();
      if (field.select) {
        field.select();
      }
    }
  }
  var timer = null;
  function submitSoon(event) {
    var target = event.target;
    if (!target.id || (target.type === "number" && !target.checkValidity())) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      sessionStorage.setItem(key, target.id);
      form.submit();
    }, target.tagName === "SELECT" ? 0 : 600);
  }
  form.addEventListener("input", submitSoon);
  form.addEventListener("change", submitSoon);
})();

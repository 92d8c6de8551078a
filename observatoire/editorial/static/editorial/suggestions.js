// Mon espace › Publications › campaign form: each suggested branded hashtag becomes a button
// that adds it to the hashtags field (progressive enhancement: without JavaScript they are
// a list to copy from). No inline script: the page's CSP allows only this file.
(function () {
  "use strict";
  document.querySelectorAll(".hashtag-suggestions").forEach(function (box) {
    var input = document.getElementById(box.dataset.target);
    if (!input) return;
    box.querySelectorAll(".suggestion").forEach(function (item) {
      var tag = item.dataset.hashtag;
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = tag;
      button.setAttribute("aria-label", (box.dataset.add || "") + " " + tag);
      button.addEventListener("click", function () {
        var present = input.value.split(/[\s,;]+/).map(function (word) {
          return word.replace(/^#/, "").toLowerCase();
        });
        if (present.indexOf(tag.replace(/^#/, "").toLowerCase()) === -1) {
          input.value = (input.value.trim() + " " + tag).trim();
        }
        input.focus();
      });
      item.replaceWith(button);
    });
  });
})();

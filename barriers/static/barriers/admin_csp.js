// Behaviour that library admin templates wired with inline code, attached here instead so the
// admin works under the Content-Security-Policy (script-src 'self').
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // django-import-export's export page: "Select all" ticks or clears every field.
  document.querySelectorAll("input.select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", (event) => {
      if (typeof window.onSelectToggleChange === "function") {
        window.onSelectToggleChange(event);
      }
    });
  });

  // django-celery-beat's periodic task form: show what the chosen crontab means.
  const crontabs = document.getElementById("readable-crontabs");
  const crontab = document.getElementById("id_crontab");
  const help = document.querySelector(".field-crontab .help");
  if (crontabs && crontab && help) {
    const readable = JSON.parse(crontabs.textContent);
    const original = help.textContent;
    const translation = document.querySelector(".field-crontab_translation");
    if (translation) {
      translation.style.display = "none";
    }
    crontab.addEventListener("change", () => {
      help.textContent = original;
      const meaning = readable[crontab.value];
      if (meaning) {
        help.append(document.createElement("br"), `Translation: ${meaning}`);
      }
    });
  }
});

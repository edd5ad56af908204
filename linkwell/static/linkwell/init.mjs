// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();

// "Print this page" buttons start hidden, as they need JavaScript; the page says how to print without it.
for (const button of document.querySelectorAll("[data-linkwell-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

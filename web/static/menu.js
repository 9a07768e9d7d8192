// The top menu's groups: opening one closes the others; a click elsewhere or Escape closes them all.
(function () {
  "use strict";
  const menus = () => document.querySelectorAll(".topbar details.menu");
  const closeAll = (except) => menus().forEach((menu) => { if (menu !== except) menu.open = false; });
  // A click on a group's title (or Enter on it) leaves that group alone; anywhere else closes them all.
  document.addEventListener("click", (event) => closeAll(event.target.closest(".topbar details.menu")));
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") closeAll(null); });
  // The page open now is marked in its group, so the group's title says where one is.
  document.querySelectorAll(".topbar .menu-items a").forEach((link) => {
    if (link.pathname === location.pathname) {
      link.setAttribute("aria-current", "page");
      link.closest("details.menu").classList.add("current");
    }
  });
})();

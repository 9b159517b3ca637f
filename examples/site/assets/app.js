// The client-side router of the SPA demo: shows which route the app was loaded for.
document.getElementById('route').textContent = location.pathname;

// The Reload buttons of the reconnect message (Components/ReconnectMessage.razor). A file, not an onclick
// attribute: the Content-Security-Policy allows no inline script.
for (const button of document.querySelectorAll('#components-reconnect-modal [data-reload]')) {
    button.addEventListener('click', () => location.reload());
}

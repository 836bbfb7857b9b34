# Sourced: the data directory as DESIGN.md fixes it.
embedscope_data_dir() {
  if [[ -n "${EMBEDSCOPE_DATA:-}" ]]; then echo "$EMBEDSCOPE_DATA"
  elif [[ -n "${XDG_DATA_HOME:-}" ]]; then echo "$XDG_DATA_HOME/embedscope"
  else echo "$HOME/.local/share/embedscope"; fi
}

// The window: a source chooser, the text and its token strip (with the tokenizer chooser and the
// token count), a central tab widget (Scatter — or the message about the data —, Tokens,
// Positions, RoPE, Attention), the explorer's docks, menus with shortcuts, undo of view changes,
// session files and autosave, exports, themes, presentation mode, and a status bar with the
// vocabulary, the projection's explained variance, load progress and Cancel.
#pragma once
#include "document/source_spec.h"
#include "persistence/session_file.h"
#include "style/theme.h"

#include <QMainWindow>

class QAction;
class QActionGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QTabWidget;
class QToolButton;
class QUndoStack;

namespace es::ui {

class Autosave;
class DataMessagePanel;
class DockShelf;
class ScatterView;
class Session;
class SessionRestore;
class TokenStrip;
class ViewHistory;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Session* session, QWidget* parent = nullptr);
    ~MainWindow() override;

    Session* session() const { return session_; }
    QPlainTextEdit* editor() const { return editor_; }
    TokenStrip* tokenStrip() const { return chips_; }
    TokenStrip* largeTokenStrip() const { return big_chips_; }
    ScatterView* scatterView() const { return scatter_; }
    DataMessagePanel* messagePanel() const { return panel_; }
    QComboBox* tokenizerChooser() const { return tokenizers_; }
    QComboBox* sourceChooser() const { return sources_; }
    QPushButton* cancelButton() const { return cancel_; }
    QProgressBar* busyIndicator() const { return busy_; }
    QToolButton* examplesButton() const { return examples_; }
    QTabWidget* tabs() const { return tabs_; }
    QUndoStack* undoStack() const;
    bool showsMessagePanel() const;
    QString vocabularyText() const;
    QString varianceText() const;
    QString statusMessage() const;
    QString tokenCountText() const;

    // The central tab by its --view name (scatter, tokens, positions, rope, attention); false for
    // a name this build has no tab for.
    bool showView(const QString& name);
    QString currentViewName() const;
    QStringList viewNames() const;
    // The widget a screenshot shows in the central area (the current tab's view).
    QWidget* currentView() const;

    // --- sessions ---
    SessionFile captureSession() const;
    // Applies a session; what needs the source loaded or a projection fitted follows when they
    // are ready, then sessionRestored() (or restoreFailed()).
    void applySession(const SessionFile& file);
    // Says in the status line which fields of a session file were left out (all in its tooltip).
    void noteSessionProblems(const QString& path, const QStringList& problems);
    bool restoring() const;
    // Reads and applies; on a bad file returns false with a one-line error naming it, and the
    // window stays as it was.
    bool openSessionFile(const QString& path, QString* error = nullptr);
    bool saveSessionFile(const QString& path, QString* error = nullptr);
    // openSessionFile(), and on failure the error in the status bar and a (non-blocking) message box.
    bool openSessionOrWarn(const QString& path);
    void setAutosave(Autosave* autosave);
    // Asks (without blocking) whether to restore the autosave a crashed run left behind.
    void offerCrashRestore(const QString& autosave_path);

    // --- sources, looks ---
    void openSource(const SourceSpec& source);
    // A dropped or chosen path: a session file, a model folder, or a vector table.
    void openPath(const QString& path);
    void setThemeMode(theme::Mode mode);
    theme::Mode themeMode() const { return theme::mode(); }
    void setPresentation(bool on);
    bool presentation() const { return presentation_; }
    QStringList recentFiles() const;
    QAction* action(const QString& name) const;  // by objectName, for tests and keyboard use

signals:
    void sessionRestored();
    void restoreFailed(const QString& message);

protected:
    void closeEvent(QCloseEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

private:
    void buildCentre();
    void buildMenus();
    void buildStatusBar();
    void installPanelsAndViews();
    void restoreSettings();
    void fitChipArea();
    void onStateChanged();
    void onTokensChanged();
    void onProgress(double fraction, const QString& stage);
    // The choosers' activated(): an item's data names a source or tokenizer, or asks for a file.
    void chooseSource(int index);
    void chooseTokenizer(int index);
    void refreshTokenizers();
    void refreshSources();
    void refreshProjectionActions();
    void refreshStyleSheets();
    // Recent entries are "kind:path" (kind: session, table, model).
    void addRecent(const QString& kind, const QString& path);
    void rebuildRecentMenu();
    void noteChange();
    void showMessage(const QString& text, bool warning = false);
    void chooseVectorsFile();
    void chooseModelFolder();
    void chooseSessionToOpen();
    bool chooseSessionToSave();
    void exportPng();
    void copyViewToClipboard();
    void exportCoordinates();
    void showAbout();
    void showDiagnostics();
    QImage renderCurrentView(QSize size) const;

    Session* session_;
    QPlainTextEdit* editor_ = nullptr;
    QToolButton* examples_ = nullptr;
    QComboBox* sources_ = nullptr;
    QComboBox* tokenizers_ = nullptr;
    QCheckBox* show_ids_ = nullptr;
    QLabel* token_count_ = nullptr;
    TokenStrip* chips_ = nullptr;
    TokenStrip* big_chips_ = nullptr;
    QLabel* big_summary_ = nullptr;
    QScrollArea* chip_scroll_ = nullptr;
    ScatterView* scatter_ = nullptr;
    DataMessagePanel* panel_ = nullptr;
    QStackedWidget* stack_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QStringList tab_names_;
    DockShelf* dock_shelf_ = nullptr;
    QLabel* message_ = nullptr;
    QLabel* vocabulary_ = nullptr;
    QLabel* variance_ = nullptr;
    QProgressBar* busy_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QMenu* recent_menu_ = nullptr;
    QMenu* docks_menu_ = nullptr;
    QActionGroup* dims_ = nullptr;
    QActionGroup* themes_ = nullptr;
    QActionGroup* backends_ = nullptr;
    ViewHistory* history_ = nullptr;
    SessionRestore* restore_ = nullptr;
    Autosave* autosave_ = nullptr;
    QString session_path_;
    bool presentation_ = false;
};

} // namespace es::ui

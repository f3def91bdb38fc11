#pragma once

#include <QMainWindow>

// The main window: sidebar of views, the ticket list and the detail pane.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
};

; Inno Setup script for Qualitative Coding Workbench (Windows).
; Build the one-folder bundle first on Windows:   py installer\build.py
; then compile this script:                       iscc installer\windows\workbench.iss
; Output: dist\QualitativeWorkbench-<version>-setup.exe — a per-user installer (no admin rights
; needed) with a Start-menu entry, an optional desktop icon and the .qwb file association.

#define AppName "Qualitative Coding Workbench"
#define AppVersion "0.1.0"
#define AppExe "workbench.exe"
#define ProgId "QualitativeWorkbench.Project"

[Setup]
AppId={{6B1D4C0E-2F5A-4E0B-9C43-7A1F3B6E2D90}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Qualitative Coding Workbench contributors
AppPublisherURL=https://github.com/qualitative-workbench
DefaultDirName={autopf}\Qualitative Workbench
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=QualitativeWorkbench-{#AppVersion}-setup
SetupIconFile=..\..\build\icons\workbench.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\QualitativeWorkbench\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .qwb → our ProgID; double-clicking a project starts "workbench.exe" "<file>" (a running
; workbench receives it through its single-instance socket instead of starting twice).
Root: HKA; Subkey: "Software\Classes\.qwb"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.qwb"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-qualitative-workbench"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{#AppName} project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".qwb"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

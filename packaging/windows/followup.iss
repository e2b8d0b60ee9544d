; Inno Setup 6.3+ script: turns dist\FollowUp\ (from windows\followup.spec) into
; dist\FollowUp-<version>-setup.exe. Installs per user by default (no admin
; rights needed; the installer offers all users), adds a Start-menu shortcut, an
; optional desktop shortcut, and an uninstaller in "Installed apps".
;
;   iscc /DAppVersion=0.1.0 packaging\windows\followup.iss
;
; See packaging/README.md, "Windows". Paths are relative to this file.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z packaging\windows\followup.iss
#endif
#define AppName "FollowUp"
#define AppExe "FollowUp.exe"
#define Root "..\.."

[Setup]
; Keep this AppId for every release: it is how upgrades find the installed copy.
AppId={{93F9FF32-0E41-41CF-82E7-15173179BBE4}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The FollowUp contributors
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile={#Root}\build\icons\followup.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Root}\dist\{#AppName}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes exactly what [Files] and [Icons] installed. The user's
; data (database, backups, settings) lives elsewhere and is kept.
